import { Descriptions, List, Progress, Space } from 'antd';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { useI18n } from '../app/i18n';

/** How many of a unit's children have reported the month: used by the unit screen and the approval inbox. */
const CompletenessDocument = graphql(`
  query Completeness($code: ID!, $period: Period!) {
    completeness(unitCode: $code, period: $period) {
      expected
      submitted
      approved
      onTime
      missing(first: 100) {
        totalCount
        edges {
          node {
            code
            name
          }
        }
      }
    }
  }
`);


export function CompletenessPanel({ code, period }: { code: string; period: string }) {
  const { t } = useI18n();
  const [{ data }] = useQuery({ query: CompletenessDocument, variables: { code, period }, requestPolicy: 'cache-and-network' });
  const c = data?.completeness;
  if (!c) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Progress percent={c.expected ? Math.round((c.approved / c.expected) * 100) : 0} success={{ percent: c.expected ? Math.round((c.approved / c.expected) * 100) : 0 }} />
      <Descriptions size="small" column={4} items={[
        { key: 'e', label: t('expected'), children: c.expected },
        { key: 's', label: t('submitted'), children: c.submitted },
        { key: 'a', label: t('approved'), children: c.approved },
        { key: 'o', label: t('onTime'), children: c.onTime },
      ]} />
      <List
        size="small"
        header={`${t('missing')}（${c.missing.totalCount}）`}
        dataSource={c.missing.edges.map((e) => e.node)}
        renderItem={(u) => (
          <List.Item>
            <Link to={`/units/${u.code}/${period}`}>{u.name}</Link>
          </List.Item>
        )}
      />
    </Space>
  );
}
