import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { BoardScopeGuard } from '../access/board-scope.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JWT_ALGORITHM, JwtStrategy } from './jwt.strategy';
import { JwtAuthGuard } from './jwt-auth.guard';
import { LocalStrategy } from './local.strategy';
import { LoginLimiter } from './login-limiter';
import { OidcAccountsRepository } from './oidc/oidc-accounts.repository';
import { OidcController } from './oidc/oidc.controller';
import { OidcService } from './oidc/oidc.service';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { RolesGuard } from './roles.guard';
import { TokenService } from './token.service';
import { UserDirectoryRepository } from './user-directory.repository';
import { UserDirectory } from './user-directory.service';
import { VerifiedTokens } from './verified-tokens';

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
  ],
  controllers: [AuthController, OidcController],
  providers: [
    AuthService,
    LoginLimiter,
    OidcAccountsRepository,
    OidcService,
    RefreshTokensRepository,
    TokenService,
    UserDirectory,
    UserDirectoryRepository,
    LocalStrategy,
    JwtStrategy,
    VerifiedTokens,
    // Order matters: authenticate, then roles, then the object's board.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    { provide: APP_GUARD, useClass: BoardScopeGuard },
  ],
  exports: [TokenService, UserDirectory],
})
export class AuthModule {}
