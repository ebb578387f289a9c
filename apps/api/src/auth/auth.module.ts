import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { BoardScopeGuard } from '../access/board-scope.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JWT_ALGORITHM, JwtStrategy } from './jwt.strategy';
import { JwtAuthGuard } from './jwt-auth.guard';
import { LocalStrategy } from './local.strategy';
import { LOGIN_LIMIT_PER_ACCOUNT, LOGIN_LIMIT_PER_IP, loginAccountTracker } from './login-throttler.guard';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { RolesGuard } from './roles.guard';
import { TokenService } from './token.service';
import { UserDirectory } from './user-directory.service';

/** Provides the Redis-backed throttler storage to ThrottlerModule's async factory. */
@Module({ providers: [RedisThrottlerStorage], exports: [RedisThrottlerStorage] })
export class AuthStorageModule {}

@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.auth.jwtSecret,
        signOptions: {
          algorithm: JWT_ALGORITHM,
          issuer: config.auth.issuer,
          audience: config.auth.audience,
          expiresIn: config.auth.accessTokenTtlSeconds,
        },
        verifyOptions: { algorithms: [JWT_ALGORITHM], issuer: config.auth.issuer, audience: config.auth.audience },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [RedisThrottlerStorage],
      useFactory: (storage: RedisThrottlerStorage) => ({
        storage,
        throttlers: [
          { ...LOGIN_LIMIT_PER_IP, blockDuration: LOGIN_LIMIT_PER_IP.ttl },
          { ...LOGIN_LIMIT_PER_ACCOUNT, blockDuration: LOGIN_LIMIT_PER_ACCOUNT.ttl, getTracker: loginAccountTracker },
        ],
      }),
      imports: [AuthStorageModule],
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokenService,
    UserDirectory,
    LocalStrategy,
    JwtStrategy,
    // Order matters: authenticate, then roles, then the object's board.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    { provide: APP_GUARD, useClass: BoardScopeGuard },
  ],
  exports: [TokenService, UserDirectory],
})
export class AuthModule {}
