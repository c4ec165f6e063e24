/** Parses `tgtadm --mode target --op show`: targets, their disk LUN, accounts and ACLs. */
export interface TgtTarget {
  tid: number;
  iqn: string;
  luns: { lun: number; type: string; path: string | null; readOnly: boolean; flags: string }[];
  accounts: string[];
  acls: string[];
}

export function parseTargets(output: string): TgtTarget[] {
  const targets: TgtTarget[] = [];
  let current: TgtTarget | undefined;
  let section: 'luns' | 'accounts' | 'acls' | 'other' = 'other';
  let lun: TgtTarget['luns'][number] | undefined;
  for (const raw of output.split('\n')) {
    const line = raw.trimEnd();
    const target = /^Target (\d+): (\S+)$/.exec(line);
    if (target) {
      current = { tid: Number(target[1]), iqn: target[2]!, luns: [], accounts: [], acls: [] };
      targets.push(current);
      section = 'other';
      continue;
    }
    if (!current) continue;
    const text = line.trim();
    if (/^ {4}\S/.test(line)) {
      section = text === 'LUN information:' ? 'luns' : text === 'Account information:' ? 'accounts' : text === 'ACL information:' ? 'acls' : 'other';
      continue;
    }
    if (text === '') continue;
    if (section === 'accounts') current.accounts.push(text);
    else if (section === 'acls') current.acls.push(text);
    else if (section === 'luns') {
      const lunLine = /^LUN: (\d+)$/.exec(text);
      if (lunLine) {
        lun = { lun: Number(lunLine[1]), type: '', path: null, readOnly: false, flags: '' };
        current.luns.push(lun);
      } else if (lun) {
        const [key, ...rest] = text.split(':');
        const value = rest.join(':').trim();
        if (key === 'Type') lun.type = value;
        else if (key === 'Readonly') lun.readOnly = value === 'Yes';
        else if (key === 'Backing store path') lun.path = value === 'None' ? null : value;
        else if (key === 'Backing store flags') lun.flags = value;
      }
    }
  }
  return targets;
}

/** `tgtadm --mode account --op show`: "Account list:" then one user per line. */
export function parseAccounts(output: string): string[] {
  return output
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter(Boolean);
}
