import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { requireSetting } from '../config/require-setting';
import { readModelDataSourceOptions } from './read-model';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        readModelDataSourceOptions(requireSetting(config, 'DATABASE_URL'), config.DATABASE_MIGRATE),
    }),
  ],
})
export class DatabaseModule {}
