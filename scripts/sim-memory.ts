// Memory of a simulator run by scenario length (issue 15, Why 5): each
// measurement runs in a fresh node process with a 4 GB heap cap and prints the
// peak resident set, the heap after a full GC, and the time taken.
//   npx tsc -p . && node out/scripts/sim-memory.js [N ...]
// Shapes: "offload" offloads a new connection per event (the state grows with the
// run); "cycle" offloads, sends and terminates connections in turn (the state stays
// small). The run includes the JSON export the panel's Export button makes.
import { spawnSync } from 'node:child_process';
import { parseScenario } from '../server/src/simulator/scenario';
import { SimulatorService } from '../server/src/simulator/service';

type Shape = 'offload' | 'cycle';

function scenarioText(shape: Shape, n: number): string {
  const events: string[] = [];
  for (let i = 0; events.length < n; i++) {
    const c = `c${i}`;
    if (shape === 'offload') events.push(`{"kind":"offload","conn":"${c}"}`);
    else {
      for (const e of [`{"kind":"offload","conn":"${c}"}`, `{"kind":"initiateArrives","conn":"${c}"}`, `{"kind":"completeInitiate","conn":"${c}"}`,
        `{"kind":"send","conn":"${c}"}`, `{"kind":"completeSend","conn":"${c}","status":"NDIS_STATUS_SUCCESS"}`, `{"kind":"terminate","conn":"${c}"}`,
        `{"kind":"completeTerminate","conn":"${c}"}`]) if (events.length < n) events.push(e);
    }
  }
  return `{"version":1,"name":"${shape} ${n}","capabilities":{"TcpConnectionOffloadCapacity":4000000000},"events":[\n${events.join(',\n')}\n]}`;
}

function child(shape: Shape, n: number): void {
  const t0 = performance.now();
  const uri = `file:///bench/${shape}-${n}.offload-scenario.json`;
  const parsed = parseScenario(scenarioText(shape, n), uri);
  if (!parsed.ok) throw new Error(parsed.errors[0].message);
  const svc = new SimulatorService();
  svc.loadScenario({ uri, text: scenarioText(shape, n) });
  // What `ndis/simulator/open {position: N}` does, then one step back and an export.
  const snap = svc.open({ scenarioId: uri, position: n + 10 });
  svc.stepBack({ sessionId: snap.sessionId });
  const json = svc.exportTrace({ sessionId: snap.sessionId, format: 'json' });
  const ms = performance.now() - t0;
  (globalThis as { gc?: () => void }).gc?.();
  const heap = process.memoryUsage().heapUsed;
  const rss = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ shape, n, position: snap.position, exportBytes: json.text.length, peakRssMB: Math.round(rss / 2 ** 20), heapAfterMB: Math.round(heap / 2 ** 20), seconds: Math.round(ms / 100) / 10 }));
}

function main(): void {
  if (process.argv[2] === 'child') return child(process.argv[3] as Shape, Number(process.argv[4]));
  const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
  for (const shape of ['offload', 'cycle'] as Shape[]) {
    for (const n of sizes.length ? sizes : [1000, 2000, 5000, 100_000]) {
      const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', __filename, 'child', shape, String(n)], { encoding: 'utf8', timeout: 600_000 });
      const line = r.stdout.trim().split('\n').pop();
      if (r.status === 0 && line) console.log(line);
      else console.log(JSON.stringify({ shape, n, failed: r.signal ?? `exit ${r.status}`, why: (r.stderr.match(/(FATAL ERROR|RangeError|Error)[^\n]*/) ?? [''])[0] }));
    }
  }
}

main();
