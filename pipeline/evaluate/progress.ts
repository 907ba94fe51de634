import type { TextSink } from '../core/log.ts';

/** Episodes done, rate and ETA: a redrawn bar on a terminal, a plain line every tenth otherwise. */
export interface Progress {
  tick(): void;
  done(): void;
}

export function createProgress(total: number, stream: TextSink = process.stderr, label = 'episodes'): Progress {
  const started = performance.now();
  let count = 0;
  let lastDraw = 0;
  let lastDecile = 0;
  const status = () => {
    const secs = (performance.now() - started) / 1000;
    const rate = secs > 0 ? count / secs : 0;
    const eta = rate > 0 ? (total - count) / rate : 0;
    return `${count}/${total} ${label}, ${rate.toFixed(1)}/s, ETA ${formatDuration(eta)}`;
  };
  if (total === 0) return { tick() {}, done() {} };
  if (stream.isTTY) {
    const draw = () => {
      const width = 30;
      const filled = Math.round((count / total) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${status()}\x1b[K`);
    };
    return {
      tick() {
        count++;
        const now = performance.now();
        if (now - lastDraw > 100 || count === total) {
          lastDraw = now;
          draw();
        }
      },
      done() {
        draw();
        stream.write('\n');
      },
    };
  }
  return {
    tick() {
      count++;
      const decile = Math.floor((count / total) * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`${status()}\n`);
      }
    },
    done() {},
  };
}

function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
