// Reference: node-semver (npm's own). Modes: compare (semver.compare, strict), satisfies
// (Range with includePrerelease; invalid range or version -> error, as medcyber reports them),
// semver (strict SemVer 2.0: a leading `v`/`=` or whitespace is an error).
const semver = require(process.env.SEMVER_MODULE || '/tmp/peers/node/node_modules/semver');
const mode = process.argv[2];
const lines = require('fs').readFileSync(0, 'utf8').split('\n');
if (lines[lines.length - 1] === '') lines.pop();
const out = [];
for (const line of lines) {
  const i = line.indexOf('\t');
  const a = line.slice(0, i), b = line.slice(i + 1);
  try {
    if (mode === 'satisfies') {
      const r = new semver.Range(a, { includePrerelease: true });
      if (b === '') throw new Error('empty version');
      new semver.SemVer(b);
      out.push(String(r.test(b)));
    } else {
      if (mode === 'semver' && (a !== a.trim() || b !== b.trim() || /^[v=]/.test(a) || /^[v=]/.test(b))) {
        throw new Error('not strict SemVer');
      }
      out.push(String(semver.compare(a, b)));
    }
  } catch (e) {
    out.push('error: ' + e.message);
  }
}
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
