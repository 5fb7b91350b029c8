import { Directory } from '../../../../src/azure/identity/directory';

function directoryWith(
  role: 'Storage Blob Data Reader' | 'Storage Blob Data Contributor' | 'Storage Blob Data Owner',
  container?: string,
) {
  const directory = new Directory();
  directory.addManagedIdentity({ clientId: 'client', principalId: 'principal', name: 'transfer' });
  directory.assignRole({ principalId: 'principal', role, container });
  return directory;
}

describe('role assignments', () => {
  it.each([
    ['Storage Blob Data Reader', 'rl', 'acwdm'],
    ['Storage Blob Data Contributor', 'racwdlm', ''],
    ['Storage Blob Data Owner', 'racwdlm', ''],
  ] as const)('%s allows %s and refuses "%s" on its container', (role, allowed, refused) => {
    const directory = directoryWith(role, 'raw');

    const allowedResults = [...allowed].map((letter) =>
      directory.allows('principal', 'raw', letter as 'r'),
    );
    const refusedResults = [...refused].map((letter) =>
      directory.allows('principal', 'raw', letter as 'r'),
    );

    expect(allowedResults.every(Boolean)).toBe(true);
    expect(refusedResults.some(Boolean)).toBe(false);
  });

  it('scopes a container assignment to that container and an account one to all', () => {
    const scoped = directoryWith('Storage Blob Data Contributor', 'raw');
    const account = directoryWith('Storage Blob Data Reader');

    expect(scoped.allows('principal', 'curated', 'w')).toBe(false);
    expect(scoped.allows('principal', '', 'l')).toBe(false);
    expect(account.allows('principal', 'curated', 'r')).toBe(true);
    expect(account.allows('other', 'curated', 'r')).toBe(false);
  });

  it('refuses a federated credential for an unknown identity and forgets everything on reset', () => {
    const directory = directoryWith('Storage Blob Data Reader', 'raw');
    directory.reset();

    expect(() =>
      directory.addFederatedCredential({
        clientId: 'client',
        issuer: 'https://i',
        subject: 's',
        audiences: ['a'],
      }),
    ).toThrow('no managed identity with client id client');
    expect(directory.allows('principal', 'raw', 'r')).toBe(false);
  });
});
