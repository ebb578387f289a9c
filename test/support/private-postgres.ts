import { execFile, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { TEMPLATE_ENV } from './constants';
import { databaseUrl } from './postgres';
import { freePort } from './redis-server';

const run = promisify(execFile);
const BIN = '/usr/lib/postgresql/15/bin';

/** The uid/gid of the `postgres` account (initdb refuses to run as root). */
async function postgresAccount(): Promise<{ uid: number; gid: number }> {
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: group } = await run('id', ['-g', 'postgres']);
  return { uid: Number(stdout.trim()), gid: Number(group.trim()) };
}

/**
 * A PostgreSQL server of the test's own (initdb into a temporary directory, trust auth, a free
 * loopback port), which the test may stop and start: the machine's server is shared by every
 * test and engineer and is never restarted. As root, the server runs as the `postgres` user.
 */
export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly asPostgres: boolean,
  ) {}

  /** initdb and start, with room for many processes' pools. */
  static async create(options: { maxConnections?: number } = {}): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'consilium-pg-'));
    const asPostgres = process.getuid?.() === 0;
    if (asPostgres) {
      const { uid, gid } = await postgresAccount();
      chownSync(dir, uid, gid);
      chmodSync(dir, 0o700);
    }
    const server = new PrivatePostgres(dir, await freePort(), asPostgres);
    await server.command(`${BIN}/initdb`, [
      '-D',
      join(dir, 'data'),
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale',
      'C',
    ]);
    await server.start([`-c`, `max_connections=${options.maxConnections ?? 200}`]);
    return server;
  }

  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** URL of database `name` on this server. */
  databaseUrl(name: string): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${name}`;
  }

  private extraOptions: string[] = [];

  /** Starts the server (pg_ctl start -w), with the options of the first start. */
  async start(extra: string[] = this.extraOptions): Promise<void> {
    this.extraOptions = extra;
    const options = [
      '-p',
      String(this.port),
      '-k',
      this.dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      ...extra,
    ].join(' ');
    await this.command(`${BIN}/pg_ctl`, [
      '-D',
      join(this.dir, 'data'),
      '-l',
      join(this.dir, 'server.log'),
      '-o',
      options,
      '-w',
      '-t',
      '60',
      'start',
    ]);
  }

  /** pg_ctl stop -m fast: sessions are ended, the server shuts down cleanly (what a restart does first). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.command(`${BIN}/pg_ctl`, ['-D', join(this.dir, 'data'), '-m', mode, '-w', '-t', '60', 'stop']);
  }

  /** A copy of the migrated template database of the shared server (pg_dump | psql), as `name`. */
  async cloneTemplate(name: string): Promise<string> {
    const template = process.env[TEMPLATE_ENV];
    if (!template)
      throw new Error(`${TEMPLATE_ENV} is not set: run the tests through jest (its global setup builds the template)`);
    const admin = new Client({ connectionString: this.url });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    await new Promise<void>((resolve, reject) => {
      const dump = spawn('pg_dump', ['--no-owner', '--no-privileges', databaseUrl(template)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const restore = spawn('psql', ['-q', '-v', 'ON_ERROR_STOP=1', this.databaseUrl(name)], {
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      let errors = '';
      dump.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      restore.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      dump.stdout.pipe(restore.stdin);
      restore.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`cloning ${template} failed (${code}): ${errors}`)),
      );
    });
    return this.databaseUrl(name);
  }

  /** Stops the server at once and removes its directory. */
  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async command(file: string, args: string[]): Promise<void> {
    if (this.asPostgres) await run('runuser', ['-u', 'postgres', '--', file, ...args]);
    else await run(file, args);
  }
}
