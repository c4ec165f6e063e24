import { Card, Table } from 'antd';
import { useState } from 'react';
import { isTemplate, useList } from './data';
import { DialogHost } from './dialogs';
import { useObjectActions } from './home/actions';
import { Details } from './home/Details';
import type { ObjectRef } from './home/objects';
import { ContextRow, RowMenu } from './home/row-menu';
import type { Vm } from '../../../lib/protocol/vms';

/** The manual's Templates tab: templates you can see; their menu creates VMs from them. */
export function TemplatesTab() {
  return (
    <DialogHost>
      <Templates />
    </DialogHost>
  );
}

function Templates() {
  const templates = useList<Vm>('/vms?template=true', 'vm', isTemplate);
  const [selected, setSelected] = useState<ObjectRef | null>(null);
  const { itemsFor } = useObjectActions();
  const rowItems = (id: string) => {
    const t = (templates.data ?? []).find((x) => x.id === id);
    return t ? itemsFor({ kind: 'vm', id: t.id, name: t.name }, { isTemplate: true }) : [];
  };
  return (
    <div className="home">
      <Card className="home-tree" size="small" title="Templates">
        <RowMenu.Provider value={rowItems}>
          <Table<Vm>
            aria-label="Templates"
            size="small"
            rowKey="id"
            showHeader={false}
            loading={templates.loading && !templates.data}
            dataSource={templates.data ?? []}
            pagination={false}
            locale={{ emptyText: 'No templates: make one from a VM' }}
            rowSelection={{ type: 'radio', selectedRowKeys: selected ? [selected.id] : [], onChange: (_k, rows) => setSelected(rows[0] ? { kind: 'vm', id: rows[0].id, name: rows[0].name } : null) }}
            onRow={(t) => ({ onClick: () => setSelected({ kind: 'vm', id: t.id, name: t.name }) })}
            columns={[{ title: 'Name', dataIndex: 'name' }]}
            components={{ body: { row: ContextRow } }}
          />
        </RowMenu.Provider>
      </Card>
      <Card className="home-right" size="small">
        <Details selected={selected} onGone={() => setSelected(null)} />
      </Card>
    </div>
  );
}
