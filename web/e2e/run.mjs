#!/usr/bin/env node
// Browser tests against the real server: seeds a demo database in a temp dir, starts
// `build/safegrid serve` on a free port with web/dist, runs each scenario in Debian's Chromium
// (playwright-core), saves screenshots to test-artifacts/web/, and ends with
// "N passed, M failed, K skipped". A scenario whose endpoints the server does not have yet is
// skipped with the reason. A failing scenario is tried once more (a busy machine is not a
// failure); it fails only when both tries fail. Exit 0 only when none failed.
//   E2E_SERVER=mock   run against web/mock/server.mjs instead (front-end development only)
//   E2E_ONLY=word     run only the scenarios whose name contains the word
//   SAFEGRID_BIN, CHROMIUM, ARTIFACTS, E2E_KEEP=1 (keep the temp dir)
import { ARTIFACTS, cjkFontWarning, closeContexts, launchChromium, probe, startServer } from './lib.mjs';
import { scenarios } from './scenarios.mjs';

const firstLine = (error) => String(error?.message ?? error).split('\n')[0].slice(0, 300);

async function main() {
  const fontWarning = cjkFontWarning();
  if (fontWarning) console.log(fontWarning);
  let server;
  try {
    server = await startServer();
  } catch (error) {
    console.error(`e2e: cannot start the server: ${error.message}`);
    console.error('0 passed, 1 failed');
    return 2;
  }
  let browser;
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  try {
    const has = await probe(server.base);
    try {
      browser = await launchChromium();
    } catch (error) {
      console.error(`e2e: cannot start Chromium (${process.env.CHROMIUM ?? '/usr/bin/chromium'}; scripts/install-deps.sh installs it): ${firstLine(error)}`);
      console.error('0 passed, 1 failed');
      return 2;
    }
    const only = process.env.E2E_ONLY;
    for (const scenario of scenarios) {
      if (only && !scenario.name.includes(only)) continue;
      const missing = scenario.needs.filter((need) => !has[need]);
      if (missing.length) {
        skipped++;
        console.log(`SKIP  ${scenario.name}\n      waiting for the server: ${missing.join(', ')}`);
        continue;
      }
      const started = Date.now();
      let firstError = null;
      // A scenario that fails is run once more in a fresh context: a failure both times is a
      // failure; one that passes the second time is reported as flaky with the first error.
      for (let attempt = 1; attempt <= 2; attempt++) {
        try {
          await scenario.run({ browser, base: server.base, has });
          passed++;
          const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
          if (firstError) console.log(`PASS  ${scenario.name} (${took}, on the 2nd try; 1st: ${firstLine(firstError)})`);
          else console.log(`PASS  ${scenario.name} (${took})`);
          break;
        } catch (error) {
          await closeContexts();
          if (attempt === 1) {
            firstError = error;
            continue;
          }
          failed++;
          console.log(`FAIL  ${scenario.name}\n      ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n      ')}`);
          if (firstLine(error) !== firstLine(firstError)) console.log(`      (1st try: ${firstLine(firstError)})`);
        }
      }
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
  }
  console.log(`screenshots: ${ARTIFACTS}`);
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
