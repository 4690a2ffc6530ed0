// Node peer of scripts/bench/ident: node-semver, in process; prints operations per second.
//   node peers_ident.js compare FILE     semver.compare(a, b)
//   node peers_ident.js satisfies FILE   semver.satisfies(v, r, { includePrerelease: true })
const fs = require('fs');
const path = require('path');
const semver = require(path.join(process.env.PEERS || '/tmp/peers', 'node/node_modules/semver'));
const [mode, file] = process.argv.slice(2);
const seconds = parseFloat(process.env.BENCH_SECONDS || '1.5');
const cases = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t'));
const fn = mode === 'compare'
  ? ([a, b]) => semver.compare(a, b)
  : ([r, v]) => semver.satisfies(v, r, { includePrerelease: true });
let ok = 0;
for (const c of cases) { try { fn(c); ok++; } catch (e) { /* counted as not ok */ } }
let passes = 0;
const start = process.hrtime.bigint();
let elapsed = 0;
while (elapsed < seconds) {
  for (const c of cases) { try { fn(c); } catch (e) { /* ignore */ } }
  passes++;
  elapsed = Number(process.hrtime.bigint() - start) / 1e9;
}
console.log((cases.length * passes / elapsed).toFixed(0));
console.error(`${mode}: ${cases.length} cases (${ok} ok) x ${passes} passes in ${elapsed.toFixed(2)}s`);
