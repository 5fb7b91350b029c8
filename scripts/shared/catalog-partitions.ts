/** How many partitions a catalog table holds, read page by page with the SDK's paginator. */
import { paginateGetPartitions, type GlueClient } from '@aws-sdk/client-glue';

export async function countCatalogPartitions(
  glue: GlueClient,
  table: { readonly database: string; readonly table: string },
): Promise<number> {
  let count = 0;
  for await (const page of paginateGetPartitions(
    { client: glue },
    { DatabaseName: table.database, TableName: table.table },
  ))
    count += page.Partitions?.length ?? 0;
  return count;
}
