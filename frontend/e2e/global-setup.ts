// Starts the real backend for the end-to-end tests: a fresh database on the configured PostgreSQL server, its
// own Redis namespace, migrations and demo data, and two API processes serving the production build. A small
// control endpoint lets a test stop and restart the main API process. Everything is undone at the end.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { artifactsDir, controlUrl, frontendDir, ports, repoRoot, SHORT_SESSION_SECONDS } from "./env";

const packline = join(repoRoot, ".venv", "bin", "packline");
const python = join(repoRoot, ".venv", "bin", "python");
const logsDir = join(artifactsDir, "logs");

function databaseUrl(name: string): { url: string; admin: string } {
  const base = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/packline");
  const url = new URL(base);
  url.pathname = `/${name}`;
  const admin = new URL(base);
  admin.pathname = "/postgres";
  return { url: url.toString(), admin: admin.toString() };
}

function run(args: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(packline, args, { env, cwd: repoRoot, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`packline ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
}

async function waitReady(port: number, process: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!running(process)) throw new Error(`the API on port ${port} exited; see ${logsDir}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (response.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`the API on port ${port} did not become ready; see ${logsDir}`);
}

const running = (child: ChildProcess | null): child is ChildProcess =>
  child !== null && child.exitCode === null && child.signalCode === null;

class ApiProcess {
  private child: ChildProcess | null = null;
  private starts = 0;

  constructor(
    private readonly name: string,
    private readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  async start(): Promise<void> {
    if (running(this.child)) return;
    this.starts += 1;
    const log = createWriteStream(join(logsDir, `${this.name}-${this.starts}.log`));
    const child = spawn(packline, ["serve", "--host", "127.0.0.1", "--port", String(this.port)], {
      env: this.env,
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    await waitReady(this.port, child);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!running(child)) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
  }
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(frontendDir, "dist", "index.html"))) throw new Error("Build the dashboard first: npm run build");
  if (!existsSync(packline)) throw new Error(`${packline} is missing: run scripts/test-frontend.sh (it prepares .venv)`);
  mkdirSync(logsDir, { recursive: true });

  const suffix = randomBytes(4).toString("hex");
  const dbName = `packline_e2e_${suffix}`;
  const { url, admin } = databaseUrl(dbName);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ENVIRONMENT: "development",
    DATABASE_URL: url,
    DATABASE_POOL_MIN: "1",
    DATABASE_POOL_MAX: "5",
    REDIS_NAMESPACE: `packline-e2e-${suffix}`,
    PACKLINE_SPA_DIST: join(frontendDir, "dist"),
    ALLOWED_ORIGINS: `http://127.0.0.1:${ports.main},http://127.0.0.1:${ports.shortSessions}`,
  };

  const dropDatabase = () => {
    const script = [
      "import asyncio, sys, asyncpg",
      "async def main():",
      "    c = await asyncpg.connect(sys.argv[1])",
      "    await c.execute('DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)' % sys.argv[2])",
      "    await c.close()",
      "asyncio.run(main())",
    ].join("\n");
    const result = spawnSync(python, ["-c", script, admin, dbName], { encoding: "utf8" });
    if (result.status !== 0) console.warn(`could not drop ${dbName}: ${result.stderr}`);
  };

  const servers: ApiProcess[] = [];
  let control: Server | null = null;
  const teardown = async () => {
    await new Promise<void>((resolve) => (control ? control.close(() => resolve()) : resolve()));
    await Promise.all(servers.map((s) => s.stop()));
    dropDatabase();
  };

  try {
    run(["migrate"], env);
    run(["seed-demo"], env);
    const main = new ApiProcess("api-main", ports.main, env);
    const short = new ApiProcess("api-short-sessions", ports.shortSessions, { ...env, SESSION_TTL_SECONDS: String(SHORT_SESSION_SECONDS) });
    servers.push(main, short);
    await Promise.all([main.start(), short.start()]);

    control = createServer((request, response) => {
      const action = request.method === "POST" ? request.url : null;
      const done = (error?: unknown) => {
        response.statusCode = error ? 500 : 204;
        response.end(error ? String(error) : undefined);
      };
      if (action === "/main/stop") main.stop().then(() => done(), done);
      else if (action === "/main/start") main.start().then(() => done(), done);
      else {
        response.statusCode = 404;
        response.end();
      }
    });
    await new Promise<void>((resolve, reject) => {
      control!.once("error", reject);
      control!.listen(ports.control, "127.0.0.1", () => resolve());
    });
    process.env.PACKLINE_E2E_CONTROL = controlUrl;
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
