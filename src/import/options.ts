/**
 * The options of an import, checked once: a bad option refuses the import as a whole
 * (`invalid-import-options`, naming the option), before the file is read.
 */
import * as E from 'fp-ts/lib/Either.js'
import { Id } from '../core/codecs.js'
import { CIRCLES } from '../events/index.js'
import { ImportErrors, type ImportError } from './errors.js'
import { resolveLimits, type ImportLimits } from './limits.js'
import type { ImportOptions } from './report.js'
import type { BuildContext } from './contact.js'
import { isPhoneCountry, type DateOrder } from './values.js'

/** The longest `source`: it is hashed into ids, never stored. */
const SOURCE_MAX = 1000

/** Checks the options shared by every import. @internal */
export const checkOptions = (
  options: ImportOptions,
  dateOrder: DateOrder,
): E.Either<ImportError, { readonly ctx: BuildContext; readonly limits: ImportLimits }> => {
  if (typeof options !== 'object' || options === null) return E.left(ImportErrors.invalidOptions('options'))
  const o = options as Partial<Record<keyof ImportOptions, unknown>>
  if (typeof o.source !== 'string' || o.source.trim().length === 0 || o.source.length > SOURCE_MAX) return E.left(ImportErrors.invalidOptions('source'))
  if (o.defaultCountry !== undefined && (typeof o.defaultCountry !== 'string' || !isPhoneCountry(o.defaultCountry))) {
    return E.left(ImportErrors.invalidOptions('defaultCountry'))
  }
  if (o.met !== undefined && typeof o.met !== 'boolean') return E.left(ImportErrors.invalidOptions('met'))
  if (o.circle !== undefined && !(CIRCLES as readonly unknown[]).includes(o.circle)) return E.left(ImportErrors.invalidOptions('circle'))
  if (o.actor !== undefined && !Id.is(o.actor)) return E.left(ImportErrors.invalidOptions('actor'))
  if (o.contactId !== undefined && typeof o.contactId !== 'function') return E.left(ImportErrors.invalidOptions('contactId'))
  const limits = resolveLimits(options.limits)
  if (E.isLeft(limits)) return limits
  return E.right({
    ctx: { options, defaultCountry: options.defaultCountry !== undefined && isPhoneCountry(options.defaultCountry) ? options.defaultCountry : undefined, dateOrder },
    limits: limits.right,
  })
}
