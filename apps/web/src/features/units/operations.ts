import { graphql } from '../../gql';

export const ReportFieldsFragment = graphql(`
  fragment ReportFields on Report {
    period
    status
    version
    late
    savedAt
    savedBy
    submittedAt
    submittedBy
    approvedAt
    approvedBy
    returnReason
    returnComment
    exemptReason
    actions
    dueAt
    values {
      indicator
      value
    }
    warnings {
      rule
      indicators
      message
    }
    explanations {
      rule
      indicator
      text
    }
    changesSinceApproved {
      indicator
      approved
      current
    }
  }
`);

export const UnitPageDocument = graphql(`
  query UnitPage($code: ID!, $period: Period!, $previous: Period!) {
    unit(code: $code, period: $period) {
      code
      name
      level
      ancestors {
        code
        name
        level
      }
      report(period: $period) {
        ...ReportFields
      }
      previous: report(period: $previous) {
        status
        values {
          indicator
          value
        }
      }
      children(first: 100, period: $period) {
        totalCount
        edges {
          node {
            code
            name
            level
            report(period: $period) {
              status
              late
              version
              warnings {
                rule
              }
            }
          }
        }
      }
    }
    indicators(period: $period) {
      code
      nameZh
      nameEn
      kind
      level
      maxValue
      unit
    }
  }
`);

export const ReportDocument = graphql(`
  query CurrentReport($code: ID!, $period: Period!) {
    report(unitCode: $code, period: $period) {
      ...ReportFields
    }
  }
`);

export const SaveReportDocument = graphql(`
  mutation SaveReport($input: SaveReportInput!) {
    saveReport(input: $input) {
      ...ReportFields
    }
  }
`);

export const SubmitReportDocument = graphql(`
  mutation SubmitReport($input: SubmitReportInput!) {
    submitReport(input: $input) {
      ...ReportFields
    }
  }
`);

export const ApproveReportDocument = graphql(`
  mutation ApproveReport($input: ApproveReportInput!) {
    approveReport(input: $input) {
      ...ReportFields
    }
  }
`);

export const ReturnReportDocument = graphql(`
  mutation ReturnReport($input: ReturnReportInput!) {
    returnReport(input: $input) {
      ...ReportFields
    }
  }
`);

export const ReopenReportDocument = graphql(`
  mutation ReopenReport($input: ReopenReportInput!) {
    reopenReport(input: $input) {
      ...ReportFields
    }
  }
`);

export const ExemptReportDocument = graphql(`
  mutation ExemptReport($input: ExemptReportInput!) {
    exemptReport(input: $input) {
      ...ReportFields
    }
  }
`);

export const SearchUnitsDocument = graphql(`
  query SearchUnits($name: String!, $period: Period) {
    units(nameContains: $name, first: 20, period: $period) {
      edges {
        node {
          code
          name
          level
        }
      }
    }
  }
`);

export const AuditTrailDocument = graphql(`
  query AuditTrail($code: ID!, $period: Period!) {
    auditTrail(unitCode: $code, period: $period) {
      at
      actor
      action
      fromStatus
      toStatus
      reason
      version
    }
  }
`);
