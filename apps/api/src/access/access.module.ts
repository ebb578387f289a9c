import { Global, Module } from '@nestjs/common';
import { AccessCache } from './access-cache';
import { AccessRepository } from './access.repository';
import { BoardAccessService } from './board-access.service';
import { BoardResolver } from './board-resolver';

@Global()
@Module({
  providers: [AccessCache, AccessRepository, BoardAccessService, BoardResolver],
  exports: [AccessCache, BoardAccessService, BoardResolver],
})
export class AccessModule {}
