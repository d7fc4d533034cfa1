import { graphql } from '../../gql';

/** A unit's files by name, keyset-paged, ID numbers masked (not logged: no full file is opened). */
export const RegistryChildrenDocument = graphql(`
  query RegistryChildren($unitCode: ID!, $period: Period!, $name: String, $first: Int!, $after: String) {
    unit(code: $unitCode, period: $period) {
      code
      name
      level
      ancestors {
        code
        name
      }
      children(period: $period, first: 100) {
        edges {
          node {
            code
            name
          }
        }
      }
    }
    children(unitCode: $unitCode, nameContains: $name, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          sex
          age
          categories
          grade
          idNumberMasked
          needsHouseholdRegistration
          villageCode
        }
      }
    }
  }
`);

/** The full file: opening it writes the access log with the purpose, so it is never answered from a cache. */
export const ChildFileDocument = graphql(`
  query ChildFile($id: ID!, $purpose: AccessPurpose!, $note: String) {
    childFile(id: $id, purpose: $purpose, note: $note) {
      id
      asOf
      name
      sex
      birthDate
      idNumber
      idNumberMasked
      needsHouseholdRegistration
      openedOn
      exitedOn
      exitReason
      villageCode
      residenceHistory {
        villageCode
        villageName
        validFrom
        validTo
      }
      categoryHistory {
        category
        status
        certifiedOn
        validFrom
        validTo
      }
      guardians {
        name
        relation
        phone
        validFrom
      }
      facts {
        field
        value
        validFrom
      }
      helper {
        name
        role
        phone
        validFrom
      }
      gradeHistory {
        grade
        validFrom
        validTo
        reason
        assessedBy
      }
      visits {
        visitedOn
        kind
        visitor
        notes
        followUp
      }
    }
  }
`);

export const ChildAccessLogDocument = graphql(`
  query ChildAccessLog($childId: ID!) {
    childAccessLog(childId: $childId, first: 20) {
      at
      actor
      action
      purpose
      note
    }
  }
`);

/** What the files say on the month's last day, summed over the unit: counts only, for anyone who reads the unit. */
export const RegistryCountsDocument = graphql(`
  query RegistryCountsOnly($unitCode: ID!, $period: Period!) {
    registryCounts(unitCode: $unitCode, period: $period) {
      unitCode
      unitName
      values {
        indicator
        value
      }
    }
    indicators(period: $period) {
      code
      nameZh
      nameEn
    }
  }
`);
