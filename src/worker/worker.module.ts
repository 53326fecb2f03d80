import { Module } from '@nestjs/common';
import { MandateWorkerService } from './mandate-worker.service';

@Module({ providers: [MandateWorkerService] })
export class WorkerModule {}
