/**
 * Secrets leave `command_log`: a command's payload carries a reference (`{"ref": ...}`) and
 * the value lives here, written in the transaction that logs the command, so a replay of
 * the log still finds it. Rows logged before this migration held the value itself (user
 * commands their `passwordHash`; `settings.setMail` the SMTP `password`; `drive.export` its
 * `secret` and the caller's `chapSecret` in the payload, and the secret again in its result):
 * each value moves here under `<command id>:<field>` and the row keeps only that reference.
 */
const PASSWORD_COMMANDS = `('user.create', 'user.setPassword', 'user.ensureBuiltinAdmin')`;

export const sql = /* sql */ `
CREATE TABLE command_secrets (
  ref TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

INSERT INTO command_secrets (ref, value)
  SELECT id || ':passwordHash', json_extract(payload, '$.passwordHash') FROM command_log
  WHERE type IN ${PASSWORD_COMMANDS} AND json_type(payload, '$.passwordHash') = 'text';
UPDATE command_log SET payload = json_set(payload, '$.passwordHash', json_object('ref', id || ':passwordHash'))
  WHERE type IN ${PASSWORD_COMMANDS} AND json_type(payload, '$.passwordHash') = 'text';

INSERT INTO command_secrets (ref, value)
  SELECT id || ':password', json_extract(payload, '$.password') FROM command_log
  WHERE type = 'settings.setMail' AND json_type(payload, '$.password') = 'text';
UPDATE command_log SET payload = json_set(payload, '$.password', json_object('ref', id || ':password'))
  WHERE type = 'settings.setMail' AND json_type(payload, '$.password') = 'text';

INSERT INTO command_secrets (ref, value)
  SELECT id || ':secret', json_extract(payload, '$.secret') FROM command_log
  WHERE type = 'drive.export' AND json_type(payload, '$.secret') = 'text';
UPDATE command_log SET
    payload = json_remove(json_set(payload, '$.secret', json_object('ref', id || ':secret')), '$.chapSecret'),
    result = CASE WHEN json_type(result, '$.chapSecret') = 'text'
      THEN json_set(result, '$.chapSecret', json_object('ref', id || ':secret')) ELSE result END
  WHERE type = 'drive.export' AND json_type(payload, '$.secret') = 'text';
`;
