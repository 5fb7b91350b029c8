/** List Containers: name order, prefix, marker paging, optional metadata. */
import { httpDate } from '../azure-request';
import { compareNames } from '../namespace';
import type { AzureCall, AzureOperation } from '../operation';
import { enumerationResults, pagingOf, serviceEndpoint, xmlResponse } from './listing';

export const listContainers: AzureOperation = {
  name: 'ListContainers',
  api: 'blob',
  permission: 'l',
  handle({ request, namespace }: AzureCall) {
    const paging = pagingOf(request);
    const matching = [...namespace.containers.values()]
      .filter(
        (container) =>
          container.name.startsWith(paging.prefix) &&
          compareNames(container.name, paging.marker) >= 0,
      )
      .sort((a, b) => compareNames(a.name, b.name));
    const page = matching.slice(0, paging.maxResults);
    const next = matching[paging.maxResults];
    const withMetadata = paging.include.includes('metadata');
    const body = enumerationResults(
      { ServiceEndpoint: serviceEndpoint(request) },
      request,
      paging,
      {
        Containers: {
          Container: page.map((container) => ({
            Name: container.name,
            Properties: {
              'Last-Modified': httpDate(container.lastModified),
              Etag: container.etag.replace(/"/g, ''),
              LeaseStatus: 'unlocked',
              LeaseState: 'available',
              DefaultEncryptionScope: '$account-encryption-key',
              DenyEncryptionScopeOverride: false,
              HasImmutabilityPolicy: false,
              HasLegalHold: false,
              ImmutableStorageWithVersioningEnabled: false,
            },
            Metadata: withMetadata ? { ...container.metadata } : undefined,
          })),
        },
        NextMarker: next?.name ?? '',
      },
    );
    return xmlResponse(body);
  },
};
