// Starts Debian's Chromium headless through playwright-core, with the flags this sandbox needs.
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** A fresh persistent context (own user-data-dir) and its first page. */
export async function launch({ width = 1280, height = 800 } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'crimelab-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width, height },
  });
  const page = context.pages()[0] || (await context.newPage());
  return { context, page };
}
