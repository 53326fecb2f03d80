// Used by the TypeORM CLI (npm run migration:*) only; the application builds its options from AppConfig.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { readModelDataSourceOptions } from './read-model';

const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error('DATABASE_URL must be set to run migrations from the command line');
}
export default new DataSource({
  ...readModelDataSourceOptions(url, false),
  migrations: [`${__dirname}/migrations/*.{ts,js}`],
});
