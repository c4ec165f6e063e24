import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Dropdown, Radio, Tabs } from 'antd';
import { useState } from 'react';
import { useConsole } from '../data';
import { DialogHost } from '../dialogs';
import { useObjectActions } from './actions';
import { Details } from './Details';
import { HostGroupList, UserList, VmList } from './Lists';
import { ObjectTree, type View } from './ObjectTree';
import type { ObjectRef } from './objects';

/**
 * The manual's Home tab: the Host Groups / Users / VMs / Servers buttons choose what the
 * object tree shows; the panel on the right holds the selected object's details and the
 * List Tabs (multi-select, actions on many, drag sources for the tree).
 */
export function HomeTab() {
  return (
    <DialogHost>
      <Home />
    </DialogHost>
  );
}

function Home() {
  const { capabilities } = useConsole();
  const [view, setView] = useState<View>('vms');
  const [selected, setSelected] = useState<ObjectRef | null>(null);
  const [rightTab, setRightTab] = useState('details');
  const { newItems } = useObjectActions();
  const views: { value: View; label: string }[] = [
    { value: 'hostGroups', label: 'Host Groups' },
    { value: 'users', label: 'Users' },
    { value: 'vms', label: 'VMs' },
    ...(capabilities.servers ? [{ value: 'servers' as const, label: 'Servers' }] : []),
  ];
  const creatable = newItems(view);

  const select = (o: ObjectRef | null) => {
    setSelected(o);
    if (o) setRightTab('details');
  };

  return (
    <div className="home">
      <Card className="home-tree" size="small">
        <Radio.Group
          aria-label="Objects"
          optionType="button"
          buttonStyle="solid"
          value={view}
          onChange={(e) => {
            setView(e.target.value as View);
            select(null);
          }}
          options={views}
          style={{ marginBottom: 8, display: 'flex', flexWrap: 'wrap' }}
        />
        {creatable.length > 0 && (
          <Dropdown menu={{ items: creatable }} trigger={['click']}>
            <Button icon={<PlusOutlined />} size="small" style={{ marginBottom: 8 }}>
              New
            </Button>
          </Dropdown>
        )}
        <ObjectTree view={view} selected={selected} onSelect={select} />
      </Card>
      <Card className="home-right" size="small">
        <Tabs
          activeKey={rightTab}
          onChange={setRightTab}
          items={[
            { key: 'details', label: 'Details', children: <Details selected={selected} onGone={() => select(null)} /> },
            { key: 'list-vms', label: 'VM List', children: <VmList onOpen={select} /> },
            { key: 'list-users', label: 'User List', children: <UserList onOpen={select} /> },
            { key: 'list-host-groups', label: 'Host Group List', children: <HostGroupList onOpen={select} /> },
          ]}
        />
      </Card>
    </div>
  );
}
