// Browser tests of the medcyber web UI: `medcyber demo` on a free loopback port, Debian's
// Chromium driven by playwright-core (no browser is downloaded). Login (keyboard only),
// language switch, SBOM upload with its quality report, bulk triage, the vulnerability page
// and logout, in Japanese and English; a screenshot of every step is kept in
// $E2E_SCREENSHOTS (default ../target/e2e-screenshots).
//
//   node run.mjs [path/to/medcyber]      (default ../target/debug/medcyber)
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const binary = resolve(process.argv[2] ?? join(repo, "target/debug/medcyber"));
const shots = resolve(process.env.E2E_SCREENSHOTS ?? join(repo, "target/e2e-screenshots"));
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
mkdirSync(shots, { recursive: true });

/** Starts the demo and resolves with its address and password once it serves. */
function startDemo(dataDir) {
  return new Promise((resolveStart, reject) => {
    const child = spawn(binary, ["demo", "--bind", "127.0.0.1:0", "--data-dir", dataDir], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, MEDCYBER_LOG: "warn" },
    });
    let output = "";
    const timer = setTimeout(() => reject(new Error(`the demo did not start:\n${output}`)), 120_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const address = output.match(/serving (http:\/\/[0-9.:]+)/);
      const password = output.match(/password: (\S+)/);
      if (address && password) {
        clearTimeout(timer);
        resolveStart({ child, base: address[1], password: password[1] });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited with ${code}:\n${output}`));
    });
  });
}

const steps = [];
async function step(name, page, body) {
  const started = Date.now();
  try {
    await body();
    await page.screenshot({ path: join(shots, `${String(steps.length + 1).padStart(2, "0")}-${name}.png`), fullPage: true });
    steps.push(name);
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    await page.screenshot({ path: join(shots, `FAILED-${name}.png`), fullPage: true }).catch(() => {});
    console.log(`FAIL ${name}`);
    throw error;
  }
}

const dataDir = mkdtempSync(join(tmpdir(), "medcyber-e2e-"));
const { child, base, password } = await startDemo(dataDir);
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
let failed = false;
try {
  // A Japanese browser: the UI follows Accept-Language until the user chooses.
  const context = await browser.newContext({ locale: "ja-JP", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);

  await step("login-page-ja", page, async () => {
    await page.goto(`${base}/`);
    assert.match(page.url(), /\/login\?next=/);
    assert.equal(await page.locator("h1").textContent(), "medcyber にログイン");
    assert.equal(await page.getAttribute("html", "lang"), "ja");
  });

  await step("wrong-password", page, async () => {
    await page.getByLabel("メールアドレス").fill("psirt@example-medical.test");
    await page.getByLabel("パスワード").fill("not the password");
    await page.getByRole("button", { name: "ログイン" }).click();
    await page.getByRole("alert").waitFor();
    assert.match(await page.getByRole("alert").textContent(), /メールアドレスまたはパスワードが違います/);
  });

  await step("login-with-keyboard", page, async () => {
    await page.getByLabel("パスワード").focus();
    await page.keyboard.type(password);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${base}/`);
    await page.getByRole("heading", { name: "ポートフォリオ ダッシュボード" }).waitFor();
    const total = Number(await page.getByTestId("total-findings").textContent());
    assert.ok(total > 0, `the demo portfolio has findings (${total})`);
    assert.equal(await page.locator("svg.trend").count(), 1);
  });

  await step("switch-to-english", page, async () => {
    await page.getByLabel("言語").selectOption("en");
    await page.getByRole("button", { name: "切り替え" }).click();
    await page.getByRole("heading", { name: "Portfolio dashboard" }).waitFor();
    assert.equal(await page.getAttribute("html", "lang"), "en");
  });

  let versionUrl;
  await step("create-product-and-version", page, async () => {
    await page.getByRole("link", { name: "Products", exact: true }).click();
    await page.getByLabel("New product").fill("Ventilator VT-1");
    await page.getByRole("button", { name: "Create" }).click();
    await page.getByRole("heading", { name: "Ventilator VT-1" }).waitFor();
    await page.getByLabel("New version").fill("3.1.0");
    await page.getByRole("button", { name: "Add version" }).click();
    await page.getByRole("heading", { name: "Ventilator VT-1 3.1.0" }).waitFor();
    versionUrl = page.url();
  });

  await step("upload-sbom", page, async () => {
    await page.getByLabel(/SBOM file/).setInputFiles(join(repo, "data/samples/device.cdx.json"));
    await page.getByRole("button", { name: "Upload and scan" }).click();
    await page.getByTestId("upload-result").waitFor();
    assert.match(await page.getByTestId("upload-result").textContent(), /CycloneDX .* components .* findings?/);
    assert.ok(await page.getByText("NTIA minimum elements").count() > 0);
  });

  await step("bulk-triage", page, async () => {
    await page.getByRole("link", { name: "See the findings" }).click();
    const boxes = page.locator('input[name="finding"]');
    const n = await boxes.count();
    assert.ok(n >= 2, `findings to triage (${n})`);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByLabel("State", { exact: true }).selectOption("in_triage");
    await page.getByLabel("Detail and evidence").fill("Reproduction on the bench unit is scheduled.");
    await page.getByLabel(/Apply to every version/).check();
    await page.getByRole("button", { name: "Record analysis" }).click();
    await page.getByRole("status").waitFor();
    assert.match(await page.getByRole("status").textContent(), /recorded for 2 findings/);
    await page.getByLabel("Analysis", { exact: true }).selectOption("in_triage");
    await page.getByRole("button", { name: "Filter" }).click();
    assert.match(await page.getByTestId("findings-count").textContent(), /^2 findings$/);
  });

  await step("finding-and-vulnerability", page, async () => {
    await page.locator("table.findings a").first().click();
    await page.getByRole("heading", { name: "Analysis history" }).waitFor();
    assert.ok(await page.getByRole("cell", { name: "In triage" }).count() > 0);
    await page.getByRole("link", { name: /Every source/ }).click();
    assert.ok((await page.locator("section.record").count()) > 0, "at least one source's record");
  });

  await step("japanese-findings", page, async () => {
    await page.getByLabel("Language").selectOption("ja");
    await page.getByRole("button", { name: "Switch" }).click();
    await page.goto(versionUrl);
    await page.getByRole("heading", { name: "検出" }).waitFor();
    assert.ok(await page.getByText("調査中").count() > 0, "the analysis state in Japanese");
    assert.match(await page.locator(".sbom p").first().textContent(), /\d{4}年\d{1,2}月\d{1,2}日/);
  });

  await step("rescan-job-ja", page, async () => {
    await page.getByRole("button", { name: "この SBOM を再スキャン" }).click();
    await page.waitForURL(/\/jobs\?queued=1$/);
    assert.match(await page.getByRole("status").textContent(), /再スキャンを受け付けました/);
    // The demo server's worker runs it in a moment.
    const done = page.locator('tr[data-kind="rescan"][data-status="done"]');
    for (let i = 0; i < 50 && (await done.count()) === 0; i++) {
      await page.waitForTimeout(200);
      await page.reload();
    }
    assert.ok((await done.count()) > 0, "the re-scan is done");
    assert.match(await done.first().textContent(), /1 バージョン:新規検出 0 件/);
  });

  // The demo's lifecycle in Japanese: the pump's 2.0 in limited support, its EOS near; a
  // customer communication recorded from the keyboard with its evidence.
  await step("lifecycle-ja", page, async () => {
    await page.getByRole("link", { name: "ライフサイクル", exact: true }).click();
    await page.getByRole("heading", { name: "製品ライフサイクル" }).waitFor();
    const pump = page.locator('tr[data-stage="limited_support"]');
    assert.equal(await pump.count(), 1, "one version in limited support");
    assert.match(await pump.textContent(), /限定的サポート段階/);
    assert.match(await pump.textContent(), /EOS 間近/);
    assert.ok((await page.locator('tr[data-component="Adobe Reader@9.3"]').count()) > 0, "Adobe Reader 9 past its end of support");
    await pump.getByRole("link").click();
    await page.getByTestId("stage").waitFor();
    assert.equal(await page.getByTestId("stage").textContent(), "限定的サポート段階");
    const row = page.locator('tr[data-item="eos-notice"]');
    assert.equal(await row.getAttribute("data-status"), "overdue");
    await row.getByLabel("証跡").fill("顧客向け通知文 CS-2026-021");
    await row.getByLabel("証跡").press("Enter");
    await page.getByRole("status").waitFor();
    assert.equal(await page.locator('tr[data-item="eos-notice"]').getAttribute("data-status"), "done");
    assert.match(await page.locator('tr[data-item="eos-notice"]').textContent(), /CS-2026-021/);
  });

  // The regulatory calendar in Japanese: the demo's decision on the monitor's KEV finding
  // runs the FDA and Japanese 30-day clocks; one step recorded from its page.
  await step("regulatory-ja", page, async () => {
    await page.getByRole("link", { name: "規制対応", exact: true }).click();
    await page.getByRole("heading", { name: "規制対応カレンダー" }).waitFor();
    const clock = page.locator('tr[data-clock="jp-malfunction-30-report"]');
    assert.equal(await clock.count(), 1, "the Japanese 30-day clock runs");
    assert.match(await clock.textContent(), /知った日から30日以内にPMDAへ報告/);
    await clock.getByRole("link", { name: "CVE-2011-0611" }).click();
    await page.getByTestId("risk-current").waitFor();
    assert.match(await page.getByTestId("risk-current").textContent(), /管理されていないリスク/);
    const row = page.locator('tr[data-clock="jp-malfunction-30-report"]');
    await row.getByLabel("参照情報").fill("PMDA 受付番号 2026-1207");
    await row.getByRole("button", { name: "実施済みとして記録" }).click();
    await page.getByRole("status").waitFor();
    assert.equal(await page.locator('tr[data-clock="jp-malfunction-30-report"]').getAttribute("data-state"), "done");
  });

  await step("logout", page, async () => {
    await page.getByRole("button", { name: "ログアウト" }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(`${base}/products`);
    assert.match(page.url(), /\/login\?next=/);
  });

  // A hospital user sees what the manufacturer shares, and no manufacturer's product.
  await step("hospital-shared-products", page, async () => {
    await page.getByLabel("メールアドレス").fill("ciso@city-hospital.test");
    await page.getByLabel("パスワード").fill(password);
    await page.getByRole("button", { name: "ログイン" }).click();
    await page.goto(`${base}/shared`);
    await page.getByRole("heading", { name: "組織に共有された製品" }).waitFor();
    assert.ok((await page.locator("main section").count()) > 0, "a shared product");
    await page.goto(`${base}/products`);
    assert.equal(await page.locator('main a[href^="/products/"]').count(), 0);
  });
  await context.close();
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await browser.close();
  child.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`${steps.length} steps passed; screenshots in ${shots}`);
process.exit(failed ? 1 : 0);
