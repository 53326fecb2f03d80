import { Module } from '@nestjs/common';
import { RegisterStats } from './register-stats';
import { StatsController } from './stats.controller';

@Module({ controllers: [StatsController], providers: [RegisterStats] })
export class StatsModule {}
