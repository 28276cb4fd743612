/** An exchange account as stored: never a secret, only the last 4 characters of the API key. */
export interface AccountRecord {
  readonly id: number;
  readonly exchange: string;
  readonly label: string;
  readonly mode: 'paper' | 'live';
  readonly sandbox: boolean;
  readonly baseUrl: string | null;
  readonly keyLast4: string | null;
  readonly hasPassphrase: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}
