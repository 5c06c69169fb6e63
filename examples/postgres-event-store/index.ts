/**
 * The PostgreSQL event store example: the store, its schema, and the SQL interface it runs on
 * (PGlite by default, a server through `pg`). See README.md beside this file.
 */
export * from './event-store.js'
export * from './sql.js'
