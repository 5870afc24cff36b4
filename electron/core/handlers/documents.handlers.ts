import type { documentsContract } from '../../shared/contract/documents.contract'
import type { CoreServices } from '../core'
import type { DomainHandlers } from './dispatch'

export const documentsHandlers = (
  core: CoreServices,
): DomainHandlers<typeof documentsContract> => ({
  'documents:read': (i) =>
    core.documents.check({
      front: i.front,
      ...(i.back === undefined ? {} : { back: i.back }),
      ...(i.selfie === undefined ? {} : { selfie: i.selfie }),
    }),
})
