#!/usr/bin/env node
// Browser tests against the real server: seeds a demo database in a temp dir, starts
// `build/safegrid serve` on a free port with web/dist, runs each scenario once in Debian's
// Chromium (playwright-core), saves screenshots to test-artifacts/web/, and ends with
// "N passed, M failed". Every scenario runs against the real server: no skipping, no retry.
// Exit 0 only when none failed.
//   E2E_SERVER=mock   run against web/mock/server.mjs instead (front-end development only)
//   E2E_ONLY=word     run only the scenarios whose name contains the word
//   SAFEGRID_BIN, CHROMIUM, ARTIFACTS, E2E_KEEP=1 (keep the temp dir), E2E_ENTERPRISES=N
import { ARTIFACTS, cjkFontWarning, closeContexts, launchChromium, startServer } from './lib.mjs';
import { scenarios } from './scenarios.mjs';

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
  try {
    try {
      browser = await launchChromium();
    } catch (error) {
      console.error(`e2e: cannot start Chromium (${process.env.CHROMIUM ?? '/usr/bin/chromium'}; scripts/install-deps.sh installs it): ${String(error?.message ?? error).split('\n')[0]}`);
      console.error('0 passed, 1 failed');
      return 2;
    }
    const only = process.env.E2E_ONLY;
    for (const scenario of scenarios) {
      if (only && !scenario.name.includes(only)) continue;
      const started = Date.now();
      try {
        await scenario.run({ browser, base: server.base, gb26875: server.gb26875 });
        passed++;
        console.log(`PASS  ${scenario.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (error) {
        failed++;
        console.log(`FAIL  ${scenario.name}\n      ${String(error?.stack ?? error).split('\n').slice(0, 8).join('\n      ')}`);
      } finally {
        await closeContexts();
      }
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
  }
  if (failed) console.log(`server log: ${server.log}${process.env.E2E_KEEP ? '' : ' (removed; E2E_KEEP=1 keeps it)'}`);
  console.log(`screenshots: ${ARTIFACTS}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
