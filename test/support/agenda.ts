/** The agenda of a state in tests, where `now` is always a valid date. */
import * as E from 'fp-ts/lib/Either.js'
import { agenda, contactAgenda, type Agenda, type AgendaOptions, type NetworkState } from '../../src/index.js'

const unwrap = (r: E.Either<{ readonly message: string }, Agenda>): Agenda => {
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

/** `agenda`, for a valid `now`. */
export const agendaOn = (state: NetworkState, options: AgendaOptions): Agenda => unwrap(agenda(state, options))

/** `contactAgenda`, for a valid `now`. */
export const contactAgendaOn = (state: NetworkState, contactId: string, options: AgendaOptions): Agenda => unwrap(contactAgenda(state, contactId, options))
