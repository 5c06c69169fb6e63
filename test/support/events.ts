import { SCHEMA_VERSIONS, type EventType, type RelationshipEvent } from '../../src/events/index.js'

/**
 * A maker of hand-written events for tests: ids `${prefix}0`, `${prefix}1`… unique per maker,
 * the current schema version, a contact id unless the event is the programme's.
 */
export const eventMaker =
  (prefix: string, defaultAt = '2026-11-26T09:00:00Z') =>
  {
    let n = 0
    return (type: EventType, contactId: string | undefined, payload: Record<string, unknown> = {}, at = defaultAt): RelationshipEvent =>
      ({
        id: `${prefix}${n++}`,
        type,
        at,
        schema: SCHEMA_VERSIONS[type],
        ...(contactId === undefined ? {} : { contactId }),
        ...payload,
      }) as unknown as RelationshipEvent
  }
