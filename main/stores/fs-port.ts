import * as fsp from 'node:fs/promises';

/**
 * The file-system calls the stores make, as a port.
 *
 * Crash tests substitute an implementation that fails at a chosen step (between write, fsync
 * and rename) to prove a save can never leave the store with neither old nor new content.
 */
export interface FsPort {
  readFile(path: string): Promise<Buffer>;
  /** Writes data to a new file and fsyncs it before resolving. */
  writeFileSynced(path: string, data: string, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string, mode: number): Promise<void>;
  readdir(path: string): Promise<string[]>;
  /** fsyncs a directory so a rename inside it is durable; a no-op where unsupported. */
  syncDir(path: string): Promise<void>;
}

/** The real file system. */
export const nodeFs: FsPort = {
  readFile: (p) => fsp.readFile(p),
  async writeFileSynced(p, data, mode) {
    const fh = await fsp.open(p, 'wx', mode);
    try {
      await fh.writeFile(data, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
  rename: (a, b) => fsp.rename(a, b),
  copyFile: (a, b) => fsp.copyFile(a, b),
  unlink: (p) => fsp.unlink(p),
  mkdir: async (p, mode) => { await fsp.mkdir(p, { recursive: true, mode }); },
  readdir: (p) => fsp.readdir(p),
  async syncDir(p) {
    let fh: fsp.FileHandle | undefined;
    try {
      fh = await fsp.open(p, 'r');
      await fh.sync();
    } catch {
      // Some platforms (Windows) cannot fsync a directory; rename is still atomic there.
    } finally {
      await fh?.close();
    }
  },
};

/** True when an error is "file not found". */
export const isNotFound = (e: unknown): boolean => (e as NodeJS.ErrnoException)?.code === 'ENOENT';
