/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Me {\n    me {\n      kind\n      name\n      roles\n      mustChangePassword\n      unit {\n        code\n        name\n        level\n      }\n    }\n  }\n": typeof types.MeDocument,
    "\n  query AdminUsers($search: String) {\n    users(search: $search, first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          username\n          roles\n          unitCode\n          unit {\n            name\n          }\n          disabled\n          lastLoginAt\n          mustChangePassword\n        }\n      }\n    }\n  }\n": typeof types.AdminUsersDocument,
    "\n  query AdminApiKeys {\n    apiKeys(first: 100) {\n      edges {\n        node {\n          id\n          name\n          unitCode\n          revoked\n          quotaPerMinute\n          createdAt\n          createdBy\n        }\n      }\n    }\n  }\n": typeof types.AdminApiKeysDocument,
    "\n  query AdminAudit {\n    adminAudit(first: 100) {\n      edges {\n        node {\n          id\n          at\n          actor\n          action\n          unitCode\n          target\n          details\n        }\n      }\n    }\n  }\n": typeof types.AdminAuditDocument,
    "\n  mutation AdminCreateUser($input: CreateUserInput!) {\n    createManagedUser(input: $input) {\n      id\n    }\n  }\n": typeof types.AdminCreateUserDocument,
    "\n  mutation AdminDisableUser($id: ID!) {\n    disableUser(id: $id) {\n      id\n      disabled\n    }\n  }\n": typeof types.AdminDisableUserDocument,
    "\n  mutation AdminEnableUser($id: ID!) {\n    enableUser(id: $id) {\n      id\n      disabled\n    }\n  }\n": typeof types.AdminEnableUserDocument,
    "\n  mutation AdminResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input) {\n      id\n      mustChangePassword\n    }\n  }\n": typeof types.AdminResetPasswordDocument,
    "\n  mutation AdminUpdateUser($input: UpdateUserInput!) {\n    updateUser(input: $input) {\n      id\n      roles\n      unitCode\n    }\n  }\n": typeof types.AdminUpdateUserDocument,
    "\n  mutation AdminCreateKey($input: CreateManagedApiKeyInput!) {\n    createManagedApiKey(input: $input) {\n      secret\n      apiKey {\n        id\n      }\n    }\n  }\n": typeof types.AdminCreateKeyDocument,
    "\n  mutation AdminRevokeKey($id: ID!) {\n    revokeApiKey(id: $id)\n  }\n": typeof types.AdminRevokeKeyDocument,
    "\n  mutation AdminSetQuota($input: SetApiKeyQuotaInput!) {\n    setApiKeyQuota(input: $input) {\n      id\n      quotaPerMinute\n    }\n  }\n": typeof types.AdminSetQuotaDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      expiresAt\n    }\n  }\n": typeof types.LoginDocument,
    "\n  query Dashboard($code: ID!, $period: Period!, $basis: StatsBasis!, $indicator: String!, $from: Period!, $province: Boolean!) {\n    unit(code: $code, period: $period) {\n      code\n      name\n      level\n      ancestors {\n        code\n        name\n      }\n    }\n    stats(unitCode: $code, period: $period, basis: $basis) {\n      computedAt\n      values {\n        indicator\n        value\n      }\n      completeness {\n        expected\n        submitted\n        approved\n        onTime\n      }\n      derived {\n        monitoredChildren\n        redOrangeShare\n        subsidies {\n          indicator\n          paidFen\n          eligible\n          perChildFen\n          standardFen\n          belowStandard\n        }\n      }\n    }\n    statsBreakdown(unitCode: $code, period: $period, basis: $basis) {\n      unit {\n        code\n        name\n        level\n      }\n      values {\n        indicator\n        value\n      }\n      completeness {\n        expected\n        submitted\n        approved\n      }\n    }\n    timeSeries(unitCode: $code, indicator: $indicator, from: $from, to: $period, basis: $basis) {\n      period\n      value\n    }\n    indicators(period: $period) {\n      code\n      nameZh\n      nameEn\n      kind\n    }\n    provincialReport(provinceCode: $code, period: $period) @include(if: $province) {\n      version\n      createdAt\n      trigger\n      checksum\n      downloads {\n        csv\n        xlsx\n      }\n    }\n  }\n": typeof types.DashboardDocument,
    "\n  mutation BuildProvincialReport($code: ID!, $period: Period!) {\n    buildProvincialReport(provinceCode: $code, period: $period)\n  }\n": typeof types.BuildProvincialReportDocument,
    "\n  query ImportPageTemplate($parentCode: ID!, $format: ImportFormat!) {\n    importTemplate(parentCode: $parentCode, format: $format) {\n      filename\n      contentBase64\n    }\n  }\n": typeof types.ImportPageTemplateDocument,
    "\n  mutation ImportPageStart($input: ImportReportsInput!) {\n    startReportImport(input: $input) {\n      id\n      status\n    }\n  }\n": typeof types.ImportPageStartDocument,
    "\n  query ImportPageJob($id: ID!) {\n    importJob(id: $id) {\n      id\n      status\n      mode\n      rowsTotal\n      rowsDone\n      error\n      reportResult {\n        saved\n        failed\n        rows {\n          row\n          unitCode\n          outcome\n          issues {\n            field\n            rule\n            message\n          }\n        }\n      }\n    }\n  }\n": typeof types.ImportPageJobDocument,
    "\n  query Inbox($period: Period!) {\n    approvalInbox(period: $period, first: 100) {\n      totalCount\n      edges {\n        node {\n          period\n          status\n          version\n          late\n          submittedAt\n          submittedBy\n          warnings {\n            rule\n          }\n          unit {\n            code\n            name\n            level\n            parent {\n              code\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.InboxDocument,
    "\n  query Sparklines($code: ID!, $indicators: [String!]!, $from: Period!, $to: Period!) {\n    timeSeriesSet(unitCode: $code, indicators: $indicators, from: $from, to: $to, basis: PROVISIONAL) {\n      indicator\n      points {\n        period\n        value\n      }\n    }\n  }\n": typeof types.SparklinesDocument,
    "\n  fragment ReportFields on Report {\n    period\n    status\n    version\n    late\n    savedAt\n    savedBy\n    submittedAt\n    submittedBy\n    approvedAt\n    approvedBy\n    returnReason\n    returnComment\n    exemptReason\n    values {\n      indicator\n      value\n    }\n    warnings {\n      rule\n      indicators\n      message\n    }\n    explanations {\n      rule\n      indicator\n      text\n    }\n    changesSinceApproved {\n      indicator\n      approved\n      current\n    }\n  }\n": typeof types.ReportFieldsFragmentDoc,
    "\n  query UnitPage($code: ID!, $period: Period!, $previous: Period!) {\n    unit(code: $code, period: $period) {\n      code\n      name\n      level\n      ancestors {\n        code\n        name\n        level\n      }\n      report(period: $period) {\n        ...ReportFields\n      }\n      previous: report(period: $previous) {\n        status\n        values {\n          indicator\n          value\n        }\n      }\n      children(first: 100, period: $period) {\n        totalCount\n        edges {\n          node {\n            code\n            name\n            level\n            report(period: $period) {\n              status\n              late\n              version\n              warnings {\n                rule\n              }\n            }\n          }\n        }\n      }\n    }\n    indicators(period: $period) {\n      code\n      nameZh\n      nameEn\n      kind\n      level\n      maxValue\n      unit\n    }\n  }\n": typeof types.UnitPageDocument,
    "\n  query CurrentReport($code: ID!, $period: Period!) {\n    report(unitCode: $code, period: $period) {\n      ...ReportFields\n    }\n  }\n": typeof types.CurrentReportDocument,
    "\n  mutation SaveReport($input: SaveReportInput!) {\n    saveReport(input: $input) {\n      ...ReportFields\n    }\n  }\n": typeof types.SaveReportDocument,
    "\n  mutation SubmitReport($input: SubmitReportInput!) {\n    submitReport(input: $input) {\n      ...ReportFields\n    }\n  }\n": typeof types.SubmitReportDocument,
    "\n  mutation ApproveReport($input: ApproveReportInput!) {\n    approveReport(input: $input) {\n      ...ReportFields\n    }\n  }\n": typeof types.ApproveReportDocument,
    "\n  mutation ReturnReport($input: ReturnReportInput!) {\n    returnReport(input: $input) {\n      ...ReportFields\n    }\n  }\n": typeof types.ReturnReportDocument,
    "\n  mutation ExemptReport($input: ExemptReportInput!) {\n    exemptReport(input: $input) {\n      ...ReportFields\n    }\n  }\n": typeof types.ExemptReportDocument,
    "\n  query SearchUnits($name: String!, $period: Period) {\n    units(nameContains: $name, first: 20, period: $period) {\n      edges {\n        node {\n          code\n          name\n          level\n        }\n      }\n    }\n  }\n": typeof types.SearchUnitsDocument,
    "\n  query AuditTrail($code: ID!, $period: Period!) {\n    auditTrail(unitCode: $code, period: $period) {\n      at\n      actor\n      action\n      fromStatus\n      toStatus\n      reason\n      version\n    }\n  }\n": typeof types.AuditTrailDocument,
    "\n  query Completeness($code: ID!, $period: Period!) {\n    completeness(unitCode: $code, period: $period) {\n      expected\n      submitted\n      approved\n      onTime\n      missing(first: 100) {\n        totalCount\n        edges {\n          node {\n            code\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.CompletenessDocument,
};
const documents: Documents = {
    "\n  query Me {\n    me {\n      kind\n      name\n      roles\n      mustChangePassword\n      unit {\n        code\n        name\n        level\n      }\n    }\n  }\n": types.MeDocument,
    "\n  query AdminUsers($search: String) {\n    users(search: $search, first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          username\n          roles\n          unitCode\n          unit {\n            name\n          }\n          disabled\n          lastLoginAt\n          mustChangePassword\n        }\n      }\n    }\n  }\n": types.AdminUsersDocument,
    "\n  query AdminApiKeys {\n    apiKeys(first: 100) {\n      edges {\n        node {\n          id\n          name\n          unitCode\n          revoked\n          quotaPerMinute\n          createdAt\n          createdBy\n        }\n      }\n    }\n  }\n": types.AdminApiKeysDocument,
    "\n  query AdminAudit {\n    adminAudit(first: 100) {\n      edges {\n        node {\n          id\n          at\n          actor\n          action\n          unitCode\n          target\n          details\n        }\n      }\n    }\n  }\n": types.AdminAuditDocument,
    "\n  mutation AdminCreateUser($input: CreateUserInput!) {\n    createManagedUser(input: $input) {\n      id\n    }\n  }\n": types.AdminCreateUserDocument,
    "\n  mutation AdminDisableUser($id: ID!) {\n    disableUser(id: $id) {\n      id\n      disabled\n    }\n  }\n": types.AdminDisableUserDocument,
    "\n  mutation AdminEnableUser($id: ID!) {\n    enableUser(id: $id) {\n      id\n      disabled\n    }\n  }\n": types.AdminEnableUserDocument,
    "\n  mutation AdminResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input) {\n      id\n      mustChangePassword\n    }\n  }\n": types.AdminResetPasswordDocument,
    "\n  mutation AdminUpdateUser($input: UpdateUserInput!) {\n    updateUser(input: $input) {\n      id\n      roles\n      unitCode\n    }\n  }\n": types.AdminUpdateUserDocument,
    "\n  mutation AdminCreateKey($input: CreateManagedApiKeyInput!) {\n    createManagedApiKey(input: $input) {\n      secret\n      apiKey {\n        id\n      }\n    }\n  }\n": types.AdminCreateKeyDocument,
    "\n  mutation AdminRevokeKey($id: ID!) {\n    revokeApiKey(id: $id)\n  }\n": types.AdminRevokeKeyDocument,
    "\n  mutation AdminSetQuota($input: SetApiKeyQuotaInput!) {\n    setApiKeyQuota(input: $input) {\n      id\n      quotaPerMinute\n    }\n  }\n": types.AdminSetQuotaDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": types.ChangePasswordDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      expiresAt\n    }\n  }\n": types.LoginDocument,
    "\n  query Dashboard($code: ID!, $period: Period!, $basis: StatsBasis!, $indicator: String!, $from: Period!, $province: Boolean!) {\n    unit(code: $code, period: $period) {\n      code\n      name\n      level\n      ancestors {\n        code\n        name\n      }\n    }\n    stats(unitCode: $code, period: $period, basis: $basis) {\n      computedAt\n      values {\n        indicator\n        value\n      }\n      completeness {\n        expected\n        submitted\n        approved\n        onTime\n      }\n      derived {\n        monitoredChildren\n        redOrangeShare\n        subsidies {\n          indicator\n          paidFen\n          eligible\n          perChildFen\n          standardFen\n          belowStandard\n        }\n      }\n    }\n    statsBreakdown(unitCode: $code, period: $period, basis: $basis) {\n      unit {\n        code\n        name\n        level\n      }\n      values {\n        indicator\n        value\n      }\n      completeness {\n        expected\n        submitted\n        approved\n      }\n    }\n    timeSeries(unitCode: $code, indicator: $indicator, from: $from, to: $period, basis: $basis) {\n      period\n      value\n    }\n    indicators(period: $period) {\n      code\n      nameZh\n      nameEn\n      kind\n    }\n    provincialReport(provinceCode: $code, period: $period) @include(if: $province) {\n      version\n      createdAt\n      trigger\n      checksum\n      downloads {\n        csv\n        xlsx\n      }\n    }\n  }\n": types.DashboardDocument,
    "\n  mutation BuildProvincialReport($code: ID!, $period: Period!) {\n    buildProvincialReport(provinceCode: $code, period: $period)\n  }\n": types.BuildProvincialReportDocument,
    "\n  query ImportPageTemplate($parentCode: ID!, $format: ImportFormat!) {\n    importTemplate(parentCode: $parentCode, format: $format) {\n      filename\n      contentBase64\n    }\n  }\n": types.ImportPageTemplateDocument,
    "\n  mutation ImportPageStart($input: ImportReportsInput!) {\n    startReportImport(input: $input) {\n      id\n      status\n    }\n  }\n": types.ImportPageStartDocument,
    "\n  query ImportPageJob($id: ID!) {\n    importJob(id: $id) {\n      id\n      status\n      mode\n      rowsTotal\n      rowsDone\n      error\n      reportResult {\n        saved\n        failed\n        rows {\n          row\n          unitCode\n          outcome\n          issues {\n            field\n            rule\n            message\n          }\n        }\n      }\n    }\n  }\n": types.ImportPageJobDocument,
    "\n  query Inbox($period: Period!) {\n    approvalInbox(period: $period, first: 100) {\n      totalCount\n      edges {\n        node {\n          period\n          status\n          version\n          late\n          submittedAt\n          submittedBy\n          warnings {\n            rule\n          }\n          unit {\n            code\n            name\n            level\n            parent {\n              code\n            }\n          }\n        }\n      }\n    }\n  }\n": types.InboxDocument,
    "\n  query Sparklines($code: ID!, $indicators: [String!]!, $from: Period!, $to: Period!) {\n    timeSeriesSet(unitCode: $code, indicators: $indicators, from: $from, to: $to, basis: PROVISIONAL) {\n      indicator\n      points {\n        period\n        value\n      }\n    }\n  }\n": types.SparklinesDocument,
    "\n  fragment ReportFields on Report {\n    period\n    status\n    version\n    late\n    savedAt\n    savedBy\n    submittedAt\n    submittedBy\n    approvedAt\n    approvedBy\n    returnReason\n    returnComment\n    exemptReason\n    values {\n      indicator\n      value\n    }\n    warnings {\n      rule\n      indicators\n      message\n    }\n    explanations {\n      rule\n      indicator\n      text\n    }\n    changesSinceApproved {\n      indicator\n      approved\n      current\n    }\n  }\n": types.ReportFieldsFragmentDoc,
    "\n  query UnitPage($code: ID!, $period: Period!, $previous: Period!) {\n    unit(code: $code, period: $period) {\n      code\n      name\n      level\n      ancestors {\n        code\n        name\n        level\n      }\n      report(period: $period) {\n        ...ReportFields\n      }\n      previous: report(period: $previous) {\n        status\n        values {\n          indicator\n          value\n        }\n      }\n      children(first: 100, period: $period) {\n        totalCount\n        edges {\n          node {\n            code\n            name\n            level\n            report(period: $period) {\n              status\n              late\n              version\n              warnings {\n                rule\n              }\n            }\n          }\n        }\n      }\n    }\n    indicators(period: $period) {\n      code\n      nameZh\n      nameEn\n      kind\n      level\n      maxValue\n      unit\n    }\n  }\n": types.UnitPageDocument,
    "\n  query CurrentReport($code: ID!, $period: Period!) {\n    report(unitCode: $code, period: $period) {\n      ...ReportFields\n    }\n  }\n": types.CurrentReportDocument,
    "\n  mutation SaveReport($input: SaveReportInput!) {\n    saveReport(input: $input) {\n      ...ReportFields\n    }\n  }\n": types.SaveReportDocument,
    "\n  mutation SubmitReport($input: SubmitReportInput!) {\n    submitReport(input: $input) {\n      ...ReportFields\n    }\n  }\n": types.SubmitReportDocument,
    "\n  mutation ApproveReport($input: ApproveReportInput!) {\n    approveReport(input: $input) {\n      ...ReportFields\n    }\n  }\n": types.ApproveReportDocument,
    "\n  mutation ReturnReport($input: ReturnReportInput!) {\n    returnReport(input: $input) {\n      ...ReportFields\n    }\n  }\n": types.ReturnReportDocument,
    "\n  mutation ExemptReport($input: ExemptReportInput!) {\n    exemptReport(input: $input) {\n      ...ReportFields\n    }\n  }\n": types.ExemptReportDocument,
    "\n  query SearchUnits($name: String!, $period: Period) {\n    units(nameContains: $name, first: 20, period: $period) {\n      edges {\n        node {\n          code\n          name\n          level\n        }\n      }\n    }\n  }\n": types.SearchUnitsDocument,
    "\n  query AuditTrail($code: ID!, $period: Period!) {\n    auditTrail(unitCode: $code, period: $period) {\n      at\n      actor\n      action\n      fromStatus\n      toStatus\n      reason\n      version\n    }\n  }\n": types.AuditTrailDocument,
    "\n  query Completeness($code: ID!, $period: Period!) {\n    completeness(unitCode: $code, period: $period) {\n      expected\n      submitted\n      approved\n      onTime\n      missing(first: 100) {\n        totalCount\n        edges {\n          node {\n            code\n            name\n          }\n        }\n      }\n    }\n  }\n": types.CompletenessDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      kind\n      name\n      roles\n      mustChangePassword\n      unit {\n        code\n        name\n        level\n      }\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      kind\n      name\n      roles\n      mustChangePassword\n      unit {\n        code\n        name\n        level\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUsers($search: String) {\n    users(search: $search, first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          username\n          roles\n          unitCode\n          unit {\n            name\n          }\n          disabled\n          lastLoginAt\n          mustChangePassword\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminUsers($search: String) {\n    users(search: $search, first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          username\n          roles\n          unitCode\n          unit {\n            name\n          }\n          disabled\n          lastLoginAt\n          mustChangePassword\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminApiKeys {\n    apiKeys(first: 100) {\n      edges {\n        node {\n          id\n          name\n          unitCode\n          revoked\n          quotaPerMinute\n          createdAt\n          createdBy\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminApiKeys {\n    apiKeys(first: 100) {\n      edges {\n        node {\n          id\n          name\n          unitCode\n          revoked\n          quotaPerMinute\n          createdAt\n          createdBy\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminAudit {\n    adminAudit(first: 100) {\n      edges {\n        node {\n          id\n          at\n          actor\n          action\n          unitCode\n          target\n          details\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminAudit {\n    adminAudit(first: 100) {\n      edges {\n        node {\n          id\n          at\n          actor\n          action\n          unitCode\n          target\n          details\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateUser($input: CreateUserInput!) {\n    createManagedUser(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation AdminCreateUser($input: CreateUserInput!) {\n    createManagedUser(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminDisableUser($id: ID!) {\n    disableUser(id: $id) {\n      id\n      disabled\n    }\n  }\n"): (typeof documents)["\n  mutation AdminDisableUser($id: ID!) {\n    disableUser(id: $id) {\n      id\n      disabled\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminEnableUser($id: ID!) {\n    enableUser(id: $id) {\n      id\n      disabled\n    }\n  }\n"): (typeof documents)["\n  mutation AdminEnableUser($id: ID!) {\n    enableUser(id: $id) {\n      id\n      disabled\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input) {\n      id\n      mustChangePassword\n    }\n  }\n"): (typeof documents)["\n  mutation AdminResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input) {\n      id\n      mustChangePassword\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdateUser($input: UpdateUserInput!) {\n    updateUser(input: $input) {\n      id\n      roles\n      unitCode\n    }\n  }\n"): (typeof documents)["\n  mutation AdminUpdateUser($input: UpdateUserInput!) {\n    updateUser(input: $input) {\n      id\n      roles\n      unitCode\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateKey($input: CreateManagedApiKeyInput!) {\n    createManagedApiKey(input: $input) {\n      secret\n      apiKey {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AdminCreateKey($input: CreateManagedApiKeyInput!) {\n    createManagedApiKey(input: $input) {\n      secret\n      apiKey {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRevokeKey($id: ID!) {\n    revokeApiKey(id: $id)\n  }\n"): (typeof documents)["\n  mutation AdminRevokeKey($id: ID!) {\n    revokeApiKey(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminSetQuota($input: SetApiKeyQuotaInput!) {\n    setApiKeyQuota(input: $input) {\n      id\n      quotaPerMinute\n    }\n  }\n"): (typeof documents)["\n  mutation AdminSetQuota($input: SetApiKeyQuotaInput!) {\n    setApiKeyQuota(input: $input) {\n      id\n      quotaPerMinute\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n"): (typeof documents)["\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard($code: ID!, $period: Period!, $basis: StatsBasis!, $indicator: String!, $from: Period!, $province: Boolean!) {\n    unit(code: $code, period: $period) {\n      code\n      name\n      level\n      ancestors {\n        code\n        name\n      }\n    }\n    stats(unitCode: $code, period: $period, basis: $basis) {\n      computedAt\n      values {\n        indicator\n        value\n      }\n      completeness {\n        expected\n        submitted\n        approved\n        onTime\n      }\n      derived {\n        monitoredChildren\n        redOrangeShare\n        subsidies {\n          indicator\n          paidFen\n          eligible\n          perChildFen\n          standardFen\n          belowStandard\n        }\n      }\n    }\n    statsBreakdown(unitCode: $code, period: $period, basis: $basis) {\n      unit {\n        code\n        name\n        level\n      }\n      values {\n        indicator\n        value\n      }\n      completeness {\n        expected\n        submitted\n        approved\n      }\n    }\n    timeSeries(unitCode: $code, indicator: $indicator, from: $from, to: $period, basis: $basis) {\n      period\n      value\n    }\n    indicators(period: $period) {\n      code\n      nameZh\n      nameEn\n      kind\n    }\n    provincialReport(provinceCode: $code, period: $period) @include(if: $province) {\n      version\n      createdAt\n      trigger\n      checksum\n      downloads {\n        csv\n        xlsx\n      }\n    }\n  }\n"): (typeof documents)["\n  query Dashboard($code: ID!, $period: Period!, $basis: StatsBasis!, $indicator: String!, $from: Period!, $province: Boolean!) {\n    unit(code: $code, period: $period) {\n      code\n      name\n      level\n      ancestors {\n        code\n        name\n      }\n    }\n    stats(unitCode: $code, period: $period, basis: $basis) {\n      computedAt\n      values {\n        indicator\n        value\n      }\n      completeness {\n        expected\n        submitted\n        approved\n        onTime\n      }\n      derived {\n        monitoredChildren\n        redOrangeShare\n        subsidies {\n          indicator\n          paidFen\n          eligible\n          perChildFen\n          standardFen\n          belowStandard\n        }\n      }\n    }\n    statsBreakdown(unitCode: $code, period: $period, basis: $basis) {\n      unit {\n        code\n        name\n        level\n      }\n      values {\n        indicator\n        value\n      }\n      completeness {\n        expected\n        submitted\n        approved\n      }\n    }\n    timeSeries(unitCode: $code, indicator: $indicator, from: $from, to: $period, basis: $basis) {\n      period\n      value\n    }\n    indicators(period: $period) {\n      code\n      nameZh\n      nameEn\n      kind\n    }\n    provincialReport(provinceCode: $code, period: $period) @include(if: $province) {\n      version\n      createdAt\n      trigger\n      checksum\n      downloads {\n        csv\n        xlsx\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BuildProvincialReport($code: ID!, $period: Period!) {\n    buildProvincialReport(provinceCode: $code, period: $period)\n  }\n"): (typeof documents)["\n  mutation BuildProvincialReport($code: ID!, $period: Period!) {\n    buildProvincialReport(provinceCode: $code, period: $period)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ImportPageTemplate($parentCode: ID!, $format: ImportFormat!) {\n    importTemplate(parentCode: $parentCode, format: $format) {\n      filename\n      contentBase64\n    }\n  }\n"): (typeof documents)["\n  query ImportPageTemplate($parentCode: ID!, $format: ImportFormat!) {\n    importTemplate(parentCode: $parentCode, format: $format) {\n      filename\n      contentBase64\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportPageStart($input: ImportReportsInput!) {\n    startReportImport(input: $input) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ImportPageStart($input: ImportReportsInput!) {\n    startReportImport(input: $input) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ImportPageJob($id: ID!) {\n    importJob(id: $id) {\n      id\n      status\n      mode\n      rowsTotal\n      rowsDone\n      error\n      reportResult {\n        saved\n        failed\n        rows {\n          row\n          unitCode\n          outcome\n          issues {\n            field\n            rule\n            message\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ImportPageJob($id: ID!) {\n    importJob(id: $id) {\n      id\n      status\n      mode\n      rowsTotal\n      rowsDone\n      error\n      reportResult {\n        saved\n        failed\n        rows {\n          row\n          unitCode\n          outcome\n          issues {\n            field\n            rule\n            message\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Inbox($period: Period!) {\n    approvalInbox(period: $period, first: 100) {\n      totalCount\n      edges {\n        node {\n          period\n          status\n          version\n          late\n          submittedAt\n          submittedBy\n          warnings {\n            rule\n          }\n          unit {\n            code\n            name\n            level\n            parent {\n              code\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Inbox($period: Period!) {\n    approvalInbox(period: $period, first: 100) {\n      totalCount\n      edges {\n        node {\n          period\n          status\n          version\n          late\n          submittedAt\n          submittedBy\n          warnings {\n            rule\n          }\n          unit {\n            code\n            name\n            level\n            parent {\n              code\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sparklines($code: ID!, $indicators: [String!]!, $from: Period!, $to: Period!) {\n    timeSeriesSet(unitCode: $code, indicators: $indicators, from: $from, to: $to, basis: PROVISIONAL) {\n      indicator\n      points {\n        period\n        value\n      }\n    }\n  }\n"): (typeof documents)["\n  query Sparklines($code: ID!, $indicators: [String!]!, $from: Period!, $to: Period!) {\n    timeSeriesSet(unitCode: $code, indicators: $indicators, from: $from, to: $to, basis: PROVISIONAL) {\n      indicator\n      points {\n        period\n        value\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReportFields on Report {\n    period\n    status\n    version\n    late\n    savedAt\n    savedBy\n    submittedAt\n    submittedBy\n    approvedAt\n    approvedBy\n    returnReason\n    returnComment\n    exemptReason\n    values {\n      indicator\n      value\n    }\n    warnings {\n      rule\n      indicators\n      message\n    }\n    explanations {\n      rule\n      indicator\n      text\n    }\n    changesSinceApproved {\n      indicator\n      approved\n      current\n    }\n  }\n"): (typeof documents)["\n  fragment ReportFields on Report {\n    period\n    status\n    version\n    late\n    savedAt\n    savedBy\n    submittedAt\n    submittedBy\n    approvedAt\n    approvedBy\n    returnReason\n    returnComment\n    exemptReason\n    values {\n      indicator\n      value\n    }\n    warnings {\n      rule\n      indicators\n      message\n    }\n    explanations {\n      rule\n      indicator\n      text\n    }\n    changesSinceApproved {\n      indicator\n      approved\n      current\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UnitPage($code: ID!, $period: Period!, $previous: Period!) {\n    unit(code: $code, period: $period) {\n      code\n      name\n      level\n      ancestors {\n        code\n        name\n        level\n      }\n      report(period: $period) {\n        ...ReportFields\n      }\n      previous: report(period: $previous) {\n        status\n        values {\n          indicator\n          value\n        }\n      }\n      children(first: 100, period: $period) {\n        totalCount\n        edges {\n          node {\n            code\n            name\n            level\n            report(period: $period) {\n              status\n              late\n              version\n              warnings {\n                rule\n              }\n            }\n          }\n        }\n      }\n    }\n    indicators(period: $period) {\n      code\n      nameZh\n      nameEn\n      kind\n      level\n      maxValue\n      unit\n    }\n  }\n"): (typeof documents)["\n  query UnitPage($code: ID!, $period: Period!, $previous: Period!) {\n    unit(code: $code, period: $period) {\n      code\n      name\n      level\n      ancestors {\n        code\n        name\n        level\n      }\n      report(period: $period) {\n        ...ReportFields\n      }\n      previous: report(period: $previous) {\n        status\n        values {\n          indicator\n          value\n        }\n      }\n      children(first: 100, period: $period) {\n        totalCount\n        edges {\n          node {\n            code\n            name\n            level\n            report(period: $period) {\n              status\n              late\n              version\n              warnings {\n                rule\n              }\n            }\n          }\n        }\n      }\n    }\n    indicators(period: $period) {\n      code\n      nameZh\n      nameEn\n      kind\n      level\n      maxValue\n      unit\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CurrentReport($code: ID!, $period: Period!) {\n    report(unitCode: $code, period: $period) {\n      ...ReportFields\n    }\n  }\n"): (typeof documents)["\n  query CurrentReport($code: ID!, $period: Period!) {\n    report(unitCode: $code, period: $period) {\n      ...ReportFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveReport($input: SaveReportInput!) {\n    saveReport(input: $input) {\n      ...ReportFields\n    }\n  }\n"): (typeof documents)["\n  mutation SaveReport($input: SaveReportInput!) {\n    saveReport(input: $input) {\n      ...ReportFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitReport($input: SubmitReportInput!) {\n    submitReport(input: $input) {\n      ...ReportFields\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitReport($input: SubmitReportInput!) {\n    submitReport(input: $input) {\n      ...ReportFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveReport($input: ApproveReportInput!) {\n    approveReport(input: $input) {\n      ...ReportFields\n    }\n  }\n"): (typeof documents)["\n  mutation ApproveReport($input: ApproveReportInput!) {\n    approveReport(input: $input) {\n      ...ReportFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReturnReport($input: ReturnReportInput!) {\n    returnReport(input: $input) {\n      ...ReportFields\n    }\n  }\n"): (typeof documents)["\n  mutation ReturnReport($input: ReturnReportInput!) {\n    returnReport(input: $input) {\n      ...ReportFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExemptReport($input: ExemptReportInput!) {\n    exemptReport(input: $input) {\n      ...ReportFields\n    }\n  }\n"): (typeof documents)["\n  mutation ExemptReport($input: ExemptReportInput!) {\n    exemptReport(input: $input) {\n      ...ReportFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchUnits($name: String!, $period: Period) {\n    units(nameContains: $name, first: 20, period: $period) {\n      edges {\n        node {\n          code\n          name\n          level\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchUnits($name: String!, $period: Period) {\n    units(nameContains: $name, first: 20, period: $period) {\n      edges {\n        node {\n          code\n          name\n          level\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditTrail($code: ID!, $period: Period!) {\n    auditTrail(unitCode: $code, period: $period) {\n      at\n      actor\n      action\n      fromStatus\n      toStatus\n      reason\n      version\n    }\n  }\n"): (typeof documents)["\n  query AuditTrail($code: ID!, $period: Period!) {\n    auditTrail(unitCode: $code, period: $period) {\n      at\n      actor\n      action\n      fromStatus\n      toStatus\n      reason\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Completeness($code: ID!, $period: Period!) {\n    completeness(unitCode: $code, period: $period) {\n      expected\n      submitted\n      approved\n      onTime\n      missing(first: 100) {\n        totalCount\n        edges {\n          node {\n            code\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Completeness($code: ID!, $period: Period!) {\n    completeness(unitCode: $code, period: $period) {\n      expected\n      submitted\n      approved\n      onTime\n      missing(first: 100) {\n        totalCount\n        edges {\n          node {\n            code\n            name\n          }\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;