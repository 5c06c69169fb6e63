/**
 * `touchbase/testing`: kits for a host's own tests — the storage conformance suite, fast-check
 * arbitraries of valid event streams, a deterministic stream generator and a given/when/then
 * helper for deciders. Imports no test framework; fast-check is its only peer.
 *
 * @packageDocumentation
 */
export {
  eventStoreContract,
  type ContractMatchers,
  type ContractTestApi,
  type EventStoreContractOptions,
  type MakeEventStore,
} from './store-contract.js'
export { arbitraryEventStream, type ArbitraryStreamOptions } from './arbitraries.js'
export { deciderSpec, type SpecifiableDecider, type ThenClause } from './decider-spec.js'
export {
  eventStream,
  generateEventStream,
  seededChooser,
  simulateStream,
  type Chooser,
  type SimulationOptions,
} from './simulate.js'
