import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { readModelConnection } from '../config/connections';
import { migrateReadModel, readModelDataSourceOptions } from './read-model';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        readModelDataSourceOptions(readModelConnection(config), config.DATABASE_MIGRATE),
      // TypeORM's own migrationsRun takes no lock; see migrateReadModel.
      dataSourceFactory: async (options) => {
        if (!options) throw new Error('no read-model options');
        const dataSource = await new DataSource({ ...options, migrationsRun: false }).initialize();
        try {
          if (options.migrationsRun) await migrateReadModel(dataSource);
        } catch (err) {
          await dataSource.destroy();
          throw err;
        }
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
