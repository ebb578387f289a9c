import { compile as compileProxyTrust } from '@fastify/proxy-addr';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  getMetadataStorage,
  ValidateBy,
  validateSync,
} from 'class-validator';
import { loadOidcConfig, type OidcConfig } from './oidc';

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/consilium';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/** Development-only signing secret; refused when NODE_ENV=production. */
const DEVELOPMENT_JWT_SECRET = 'consilium-development-secret-change-me-0123456789';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
/** Splits a comma-separated variable into its trimmed, non-empty entries. */
const listOf = (value: string): string[] =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);

/** Addresses or CIDR ranges as Fastify's trustProxy reads them (@fastify/proxy-addr). */
const IsProxyList = (): PropertyDecorator =>
  ValidateBy({
    name: 'isProxyList',
    validator: {
      validate: (value: unknown) => {
        try {
          compileProxyTrust(listOf(String(value)));
          return typeof value === 'string';
        } catch {
          return false;
        }
      },
      defaultMessage: () => 'TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges',
    },
  });
const toBool = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/** The environment variables Consilium reads (documented in .env.example). */
class EnvironmentVariables {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV = 'development';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgresql:// URL' })
  DATABASE_URL = DEFAULT_DATABASE_URL;

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = DEFAULT_REDIS_URL;

  /**
   * Most PostgreSQL connections of the process's main pool (Prisma and hand-written SQL); the
   * read-audit pool adds at most 4 more. Size it so every process together stays under the
   * server's max_connections (README "Deployment").
   */
  @Transform(toInt)
  @IsInt({ message: 'DATABASE_POOL_SIZE must be an integer' })
  @Min(1, { message: 'DATABASE_POOL_SIZE must be at least 1' })
  @Max(200, { message: 'DATABASE_POOL_SIZE must be at most 200' })
  DATABASE_POOL_SIZE = 10;

  /** Prefix of every Redis key and queue of this deployment (several may share one Redis). */
  @Matches(/^[a-z0-9][a-z0-9:_-]{0,40}$/i, { message: 'REDIS_PREFIX must be 1-41 letters, digits, ":", "_" or "-"' })
  REDIS_PREFIX = 'consilium';

  /**
   * Redis Cluster: comma-separated `host:port` of some of its nodes (the rest are discovered).
   * Empty = the single Redis of REDIS_URL. Credentials and TLS (rediss://) still come from
   * REDIS_URL; its host is then not used.
   */
  @IsOptional()
  @Matches(/^\s*[^\s,:]+:\d{1,5}\s*(,\s*[^\s,:]+:\d{1,5}\s*)*$/, {
    message: 'REDIS_CLUSTER_NODES must be a comma-separated list of host:port',
  })
  REDIS_CLUSTER_NODES?: string;

  @Transform(toInt)
  @IsInt({ message: 'PORT must be an integer' })
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional()
  @IsString()
  SERVICE_INSTANCE?: string;

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET = DEVELOPMENT_JWT_SECRET;

  @IsString()
  JWT_ISSUER = 'consilium';

  @IsString()
  JWT_AUDIENCE = 'consilium-api';

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(900, { message: 'ACCESS_TOKEN_TTL_SECONDS must be at most 900 (15 minutes)' })
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(90)
  REFRESH_TOKEN_TTL_DAYS = 14;

  /** Comma-separated list of allowed origins; empty = same origin only. */
  @IsString()
  CORS_ORIGINS = '';

  /**
   * Comma-separated addresses or CIDR ranges of the reverse proxies whose X-Forwarded-For is
   * believed; empty = none (the peer address is the client's).
   */
  @IsProxyList()
  TRUSTED_PROXIES = '';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1_048_576;

  @IsString()
  PUBLIC_BASE_URL = 'http://localhost:3000';

  @IsString()
  SMTP_HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT = 1025;

  @Transform(toBool)
  @IsBoolean()
  SMTP_SECURE = false;

  @IsOptional()
  @IsString()
  SMTP_USER?: string;

  @IsOptional()
  @IsString()
  SMTP_PASSWORD?: string;

  @IsString()
  SMTP_FROM = 'Consilium <no-reply@consilium.local>';

  /** Ed25519 private key (PKCS#8 PEM, or its base64) that signs audit checkpoints. */
  @IsOptional()
  @IsString()
  AUDIT_SIGNING_KEY?: string;

  /** Append-only directory outside the database where signed checkpoints are also written. */
  @IsString()
  AUDIT_CHECKPOINT_DIR = 'var/audit-checkpoints';

  /**
   * The second, independent witness of the checkpoints: a separate host path (another disk, a
   * share the auditor reads) where each signed checkpoint is appended too. Cross-checked by
   * verification.
   */
  @IsOptional()
  @IsString()
  AUDIT_WITNESS_DIR?: string;

  /** And/or an HTTP(S) endpoint each signed checkpoint line is POSTed to (retried with backoff). */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  AUDIT_WITNESS_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(168)
  MEETING_DIGEST_HOURS_BEFORE = 24;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(120000)
  SHUTDOWN_TIMEOUT_MS = 25000;
}

export interface AppConfig {
  readonly env: 'development' | 'test' | 'production';
  readonly databaseUrl: string;
  /** Most connections of the main PostgreSQL pool (DATABASE_POOL_SIZE). */
  readonly databasePoolSize: number;
  readonly redisUrl: string;
  /**
   * Prefix of every Redis key and channel of this deployment. Keys that must share a cluster
   * slot wrap it in a hash tag (libs/jobs: queuePrefix, hashTag).
   */
  readonly redisPrefix: string;
  /** The Redis Cluster's seed nodes; empty = a single Redis at redisUrl. */
  readonly redisClusterNodes: readonly { readonly host: string; readonly port: number }[];
  readonly http: {
    readonly port: number;
    readonly host: string;
    readonly corsOrigins: readonly string[];
    /** Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges); empty = none. */
    readonly trustedProxies: readonly string[];
    readonly bodyLimitBytes: number;
    readonly publicBaseUrl: string;
  };
  readonly log: { readonly level: string };
  readonly serviceInstance: string;
  readonly auth: {
    readonly jwtSecret: string;
    readonly issuer: string;
    readonly audience: string;
    readonly accessTokenTtlSeconds: number;
    readonly refreshTokenTtlDays: number;
    /** OpenID Connect providers and whether password sign-in is allowed (libs/config/src/oidc.ts). */
    readonly oidc: OidcConfig;
  };
  readonly smtp: {
    readonly host: string;
    readonly port: number;
    readonly secure: boolean;
    readonly user?: string;
    readonly password?: string;
    readonly from: string;
  };
  readonly audit: {
    readonly signingKey?: string;
    readonly checkpointDir: string;
    readonly witnessDir?: string;
    readonly witnessUrl?: string;
  };
  readonly reminders: { readonly meetingDigestHoursBefore: number };
  readonly shutdownTimeoutMs: number;
}

/**
 * The name of every variable loadConfig validates (the OIDC_<ID>_* family aside), read from the
 * validation decorators: deployment files are checked against it (test/unit/deploy.spec.ts).
 */
export function configVariableNames(): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(EnvironmentVariables, '', true, false);
  return [...new Set(metadata.map((each) => each.propertyName))].sort();
}

/** Thrown when the environment is invalid; lists every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment into the one typed configuration object. Empty strings count as
 * unset. Throws ConfigError naming every invalid variable.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const vars = plainToInstance(EnvironmentVariables, present, { exposeDefaultValues: true });
  const problems = validateSync(vars, { whitelist: false, forbidUnknownValues: false }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
  if (vars.NODE_ENV === 'production') {
    if (vars.JWT_SECRET === DEVELOPMENT_JWT_SECRET) {
      problems.push('JWT_SECRET must be set in production');
    }
    if (!vars.AUDIT_SIGNING_KEY) problems.push('AUDIT_SIGNING_KEY must be set in production');
  }
  const redisClusterNodes = listOf(vars.REDIS_CLUSTER_NODES ?? '').map((entry) => {
    const at = entry.lastIndexOf(':');
    return { host: entry.slice(0, at), port: Number(entry.slice(at + 1)) };
  });
  if (redisClusterNodes.some((node) => node.port < 1 || node.port > 65535))
    problems.push('REDIS_CLUSTER_NODES: every port must be 1-65535');
  if (redisClusterNodes.length > 0 && /^rediss?:\/\/[^/]*\/[1-9]/.test(vars.REDIS_URL)) {
    problems.push(
      'REDIS_URL must not select a database other than 0 with REDIS_CLUSTER_NODES (a Redis Cluster has database 0 only)',
    );
  }
  // OIDC_<ID>_* variables are named by OIDC_PROVIDERS, so they are read from the raw environment.
  const oidc = loadOidcConfig(present, vars.NODE_ENV, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    env: vars.NODE_ENV as AppConfig['env'],
    databaseUrl: vars.DATABASE_URL,
    databasePoolSize: vars.DATABASE_POOL_SIZE,
    redisUrl: vars.REDIS_URL,
    redisPrefix: vars.REDIS_PREFIX,
    redisClusterNodes,
    http: {
      port: vars.PORT,
      host: vars.HOST,
      corsOrigins: listOf(vars.CORS_ORIGINS),
      trustedProxies: listOf(vars.TRUSTED_PROXIES),
      bodyLimitBytes: vars.BODY_LIMIT_BYTES,
      publicBaseUrl: vars.PUBLIC_BASE_URL.replace(/\/$/, ''),
    },
    log: { level: vars.LOG_LEVEL },
    serviceInstance: vars.SERVICE_INSTANCE ?? `${process.pid}`,
    auth: {
      jwtSecret: vars.JWT_SECRET,
      issuer: vars.JWT_ISSUER,
      audience: vars.JWT_AUDIENCE,
      accessTokenTtlSeconds: vars.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: vars.REFRESH_TOKEN_TTL_DAYS,
      oidc,
    },
    smtp: {
      host: vars.SMTP_HOST,
      port: vars.SMTP_PORT,
      secure: vars.SMTP_SECURE,
      user: vars.SMTP_USER,
      password: vars.SMTP_PASSWORD,
      from: vars.SMTP_FROM,
    },
    audit: {
      signingKey: vars.AUDIT_SIGNING_KEY,
      checkpointDir: vars.AUDIT_CHECKPOINT_DIR,
      witnessDir: vars.AUDIT_WITNESS_DIR || undefined,
      witnessUrl: vars.AUDIT_WITNESS_URL || undefined,
    },
    reminders: { meetingDigestHoursBefore: vars.MEETING_DIGEST_HOURS_BEFORE },
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
  };
}
