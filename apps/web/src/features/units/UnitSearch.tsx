import { useState } from 'react';
import { useNavigate } from 'react-router';
import { AutoComplete } from 'antd';
import { useQuery } from 'urql';
import { useI18n } from '../../app/i18n';
import { SearchUnitsDocument } from './operations';

/** Find a unit by name or code and go to its screen for the month. */
export default function UnitSearch({ period }: { period: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [{ data }] = useQuery({ query: SearchUnitsDocument, variables: { name, period }, pause: name.trim().length < 1 });
  const options = (data?.units.edges ?? []).map(({ node }) => ({ value: node.code, label: `${node.name}（${node.code}）` }));
  return (
    <AutoComplete
      style={{ width: '100%' }}
      options={options}
      onSearch={setName}
      onSelect={(code: string) => navigate(`/units/${code}/${period}`)}
      aria-label={t('searchUnit')}
      placeholder={t('searchUnit')}
    />
  );
}
