import { Global, Module } from '@nestjs/common';
import { AccessCache } from './access-cache';
import { BoardAccessService } from './board-access.service';
import { BoardResolver } from './board-resolver';

@Global()
@Module({ providers: [AccessCache, BoardAccessService, BoardResolver], exports: [AccessCache, BoardAccessService, BoardResolver] })
export class AccessModule {}
