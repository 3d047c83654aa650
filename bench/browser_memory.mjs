// Memory of the headless Chromium started by tests/e2e/browser.mjs, for the browser benchmarks.
import { readFileSync, readdirSync } from 'node:fs';

/** Resident memory (bytes) of every chromium process of ours, summed (PSS when available). */
export function chromiumMemory() {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium') || !cmd.includes('crimelab-chromium-')) continue;
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const pss = /Pss:\s+(\d+) kB/.exec(rollup);
      total += Number(pss[1]) * 1024;
    } catch { /* process gone */ }
  }
  return total;
}

/**
 * Samples chromiumMemory() every 50 ms from now when `enabled` (reading every process's
 * smaps_rollup stalls the browser, so runs that time something leave it off). `stop(final)`
 * ends it and returns the peak gain in MB (with one last sample when `final`), or null when
 * not enabled.
 */
export function memorySampler(enabled) {
  if (!enabled) return { stop: () => null };
  const before = chromiumMemory();
  let peak = before;
  const timer = setInterval(() => { peak = Math.max(peak, chromiumMemory()); }, 50);
  return {
    stop(final = true) {
      clearInterval(timer);
      if (final) peak = Math.max(peak, chromiumMemory());
      return (peak - before) / 1e6;
    },
  };
}
