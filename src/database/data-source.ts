// Used by the TypeORM CLI (npm run migration:*) only; the application builds its options from AppConfig.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { readModelConnection } from '../config/connections';
import { readModelDataSourceOptions } from './read-model';

// The same variables as the application: DATABASE_URL, or DATABASE_HOST and its parts.
export default new DataSource({
  ...readModelDataSourceOptions(readModelConnection(loadConfig()), false),
  migrations: [`${__dirname}/migrations/*.{ts,js}`],
});
