/**
 * The PostgreSQL example: the event store, its schema and the SQL interface it runs on (PGlite
 * by default, a server through `pg`); the projection runner's checkpoint store, a read model
 * kept with it, and live wake-ups (LISTEN/NOTIFY). See README.md beside this file.
 */
export * from './event-store.js'
export * from './sql.js'
export * from './checkpoints.js'
export * from './listen.js'
export * from './read-model.js'
