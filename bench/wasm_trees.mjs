// Times the tree models' and logistic regression's training as a bare wasm module under Node (examples/wasm_trees.rs),
// next to the same fits natively (examples/trees_bench.rs), on the same file and split: the
// cost of WebAssembly itself, without the page or the workers.
//
//   cargo build --release --example wasm_trees --target wasm32-unknown-unknown
//   cargo build --release --example trees_bench
//   node bench/wasm_trees.mjs FILE [--rounds 10] [--trees 10] [--iters 100] [--no-native]
//   node bench/wasm_trees.mjs FILE --split 2 [--rounds 10] [--valid]
//
// Prints one JSON line per model: wasm fit CPU seconds, native fit CPU seconds, their ratio, and
// both macro-F1 (equal when the models are the same).
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--") && !/^\d+$/.test(a));
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const rounds = opt("--rounds", 10);
const trees = opt("--trees", 10);
const iters = opt("--iters", 100);
if (!file) {
  console.error("usage: node bench/wasm_trees.mjs FILE [--rounds N] [--trees N] [--iters N] [--no-native]");
  process.exit(2);
}
const root = new URL("..", import.meta.url).pathname;
const wasmPath = `${root}target/wasm32-unknown-unknown/release/examples/wasm_trees.wasm`;
const module = await WebAssembly.compile(readFileSync(wasmPath));
// The core reads the clock through wasm-bindgen imports, which a bare module cannot serve:
// every import answers 0 (only timings, which this harness takes itself, depend on them).
const imports = {};
for (const { module: m, name, kind } of WebAssembly.Module.imports(module)) {
  if (kind !== "function") throw new Error(`unexpected import ${m}.${name} (${kind})`);
  (imports[m] ??= {})[name] = () => 0;
}
const { exports: w } = await WebAssembly.instantiate(module, imports);
const bytes = readFileSync(file);
const ptr = w.alloc(bytes.length);
new Uint8Array(w.memory.buffer, ptr, bytes.length).set(bytes);
let t = performance.now();
const nTrain = w.prepare(ptr, bytes.length);
console.error(`prepared ${nTrain} training rows in ${((performance.now() - t) / 1e3).toFixed(1)} s`);

// `--split W`: GBDT boosted over W round workers as the page's trainer workers boost it, driven
// in turn on this thread; prints each worker's CPU seconds against the plain fit's.
const split = opt("--split", 0);
if (split) {
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
  const valid = args.includes("--valid") ? 1 : 0;
  let c = cpu();
  if (valid) { w.split_new(rounds, 1, 1); for (;;) { w.split_step(0); if (w.split_gather()) break; } } else w.fit(0, rounds);
  const whole = cpu() - c;
  const plainF1 = w.score();
  w.split_new(rounds, split, valid);
  const each = new Array(split).fill(0);
  let gather = 0;
  for (;;) {
    for (let i = 0; i < split; i++) { c = cpu(); w.split_step(i); each[i] += cpu() - c; }
    c = cpu();
    const done = w.split_gather();
    gather += cpu() - c;
    if (done) break;
  }
  console.log(JSON.stringify({
    model: "gbdt", n: rounds, workers: split, whole_fit_cpu_s: +whole.toFixed(3),
    worker_cpu_s: each.map((t) => +t.toFixed(3)), worker_share: each.map((t) => +(t / whole).toFixed(3)),
    gather_cpu_s: +gather.toFixed(3), macro_f1: +plainF1.toFixed(4), split_macro_f1: +w.score().toFixed(4),
  }));
  process.exit(0);
}

const native = {};
if (!args.includes("--no-native")) {
  let out = execFileSync(`${root}target/release/examples/trees_bench`,
    [file, "--models", "gbdt,forest", "--rounds", String(rounds), "--trees", String(trees)],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  // Logistic regression's iterations go in `--rounds` too, so it runs on its own.
  out += execFileSync(`${root}target/release/examples/trees_bench`,
    [file, "--models", "logreg", "--rounds", String(iters)],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  for (const line of out.trim().split("\n")) {
    const j = JSON.parse(line);
    native[j.model] = j;
  }
}
for (const [id, model, n] of [[0, "gbdt", rounds], [1, "forest", trees], [2, "logreg", iters]]) {
  // CPU seconds of this process (the fit runs on this thread), as `trees_bench` reports:
  // wall time on a shared machine also counts waiting for a core.
  const c = process.cpuUsage();
  w.fit(id, n);
  const used = process.cpuUsage(c);
  const fit = (used.user + used.system) / 1e6;
  const f1 = w.score();
  const nat = native[model];
  console.log(JSON.stringify({
    model, n, wasm_fit_cpu_s: +fit.toFixed(3), native_fit_cpu_s: nat?.fit_cpu_s ?? null,
    ratio: nat ? +(fit / nat.fit_cpu_s).toFixed(2) : null,
    wasm_macro_f1: +f1.toFixed(4), native_macro_f1: nat?.macro_f1 ?? null,
  }));
}
