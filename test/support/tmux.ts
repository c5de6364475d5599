// A private tmux server with one session: a real terminal for tests to type into and read.
import { spawnSync } from 'node:child_process';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class TmuxSession {
  private readonly socket: string;

  constructor(readonly name: string) {
    this.socket = `iim-${name}-${process.pid}`;
  }

  tmux(...args: string[]) {
    return spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TMUX: '' } });
  }

  /** A bash without rc files, prompt `READY$ `, in a width × height terminal. */
  start(width = 120, height = 40) {
    const started = this.tmux('new-session', '-d', '-s', this.name, '-x', String(width), '-y', String(height),
      'env', 'PS1=READY$ ', 'bash', '--norc', '--noprofile');
    // Wait for bash's first prompt: a C-c sent before bash has set up its handlers (a loaded
    // machine starts it slowly) would kill it, and the tmux server with it.
    const deadline = Date.now() + 30_000;
    while (started.status === 0 && !this.screen().includes('READY$') && Date.now() < deadline) {
      spawnSync('sleep', ['0.05']);
    }
    return started;
  }

  /** The whole pane, history included. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-S', '-', '-t', this.name).stdout;
  }

  async waitForScreen(what: string, predicate: (text: string) => boolean, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.screen();
      if (predicate(text)) return text;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${text}`);
      await sleep(100);
    }
  }

  /** Keys by tmux name (Enter, Escape, C-c, BSpace). */
  keys(...names: string[]) {
    return this.tmux('send-keys', '-t', this.name, ...names);
  }

  /** Text typed as it is. */
  type(text: string) {
    return this.tmux('send-keys', '-t', this.name, '-l', text);
  }

  /** An empty screen and history, at the prompt (a program a failed test left running is interrupted first). */
  async clear(): Promise<void> {
    this.keys('C-c');
    // Wait for the prompt C-c brings back before typing: keys that arrive while bash handles the
    // interrupt can be lost ("lear: command not found" on a loaded machine); retry if they are.
    for (let attempt = 1; ; attempt++) {
      await this.waitForScreen('the prompt', (text) => /READY\$ $/.test(text.trimEnd() + ' '));
      this.keys('clear', 'Enter');
      try {
        await this.waitForScreen('a clean prompt', (text) => text.trim() === 'READY$', attempt < 3 ? 5_000 : 15_000);
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    this.tmux('clear-history', '-t', this.name);
  }

  kill() {
    return this.tmux('kill-server');
  }
}

export { sleep };
