/**
 * The sandbox's synthetic clinical dataset: a few patients with labs, vitals, problems, visits,
 * medications, immunizations and allergies, a cohort Group and a Practitioner.
 *
 * Why: every app flow and every test needs the same, recognisable data (HbA1c LOINC 4548-4 with
 * category `laboratory` in particular), without any real person's record. Everything here is
 * invented and deterministic: ids and dates are fixed so tests can name them.
 */
import type { Resource } from '@medplum/fhirtypes';

/** A patient of the dataset, as the login page's patient picker lists it. */
export interface SeedPatient {
  id: string;
  given: string;
  family: string;
  gender: 'female' | 'male';
  birthDate: string;
}

/** The practitioner who logs in as the "clinician" demo user (their `fhirUser`). */
export const SEED_PRACTITIONER_ID = 'practitioner-alex-smart';

/** The cohort Group used for `Group/[id]/$export`. */
export const SEED_GROUP_ID = 'diabetes-cohort';

/** Patients in a stable order (the first one is the default in tests). */
export const SEED_PATIENTS: readonly SeedPatient[] = [
  { id: 'ana-alvarez', given: 'Ana', family: 'Alvarez', gender: 'female', birthDate: '1968-04-12' },
  { id: 'ben-baker', given: 'Ben', family: 'Baker', gender: 'male', birthDate: '1975-09-30' },
  { id: 'chloe-chen', given: 'Chloe', family: 'Chen', gender: 'female', birthDate: '1990-01-05' },
  { id: 'david-diaz', given: 'David', family: 'Diaz', gender: 'male', birthDate: '1955-11-21' },
  { id: 'emma-evans', given: 'Emma', family: 'Evans', gender: 'female', birthDate: '2015-06-17' },
];

const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const CVX = 'http://hl7.org/fhir/sid/cvx';
const OBS_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const UCUM = 'http://unitsofmeasure.org';

interface PatientPlan {
  hba1c: Array<[date: string, percent: number]>;
  vitals: Array<[date: string, systolic: number, diastolic: number, weightKg: number, heartRate: number]>;
  conditions: Array<[snomed: string, display: string, onset: string]>;
  encounters: Array<[date: string, reason: string]>;
  medications: Array<[rxnorm: string, display: string, authoredOn: string]>;
  immunizations: Array<[cvx: string, display: string, date: string]>;
  allergies: Array<[snomed: string, display: string, criticality: 'low' | 'high']>;
}

const PLANS: Record<string, PatientPlan> = {
  'ana-alvarez': {
    hba1c: [['2024-01-15', 8.1], ['2024-04-16', 7.4], ['2024-07-18', 6.9]],
    vitals: [['2024-01-15', 142, 88, 81.5, 76], ['2024-07-18', 131, 82, 78.2, 72]],
    conditions: [['44054006', 'Diabetes mellitus type 2', '2019-03-02']],
    encounters: [['2024-01-15', 'Diabetes follow-up'], ['2024-07-18', 'Diabetes follow-up']],
    medications: [['860975', 'Metformin hydrochloride 500 MG Oral Tablet', '2024-01-15']],
    immunizations: [['158', 'Influenza, injectable, quadrivalent', '2023-10-02']],
    allergies: [['91936005', 'Allergy to penicillin', 'high']],
  },
  'ben-baker': {
    hba1c: [['2024-02-20', 5.6]],
    vitals: [['2024-02-20', 151, 94, 92.3, 80], ['2024-05-21', 138, 86, 90.1, 74]],
    conditions: [['38341003', 'Hypertensive disorder', '2016-08-11']],
    encounters: [['2024-02-20', 'Blood pressure check'], ['2024-05-21', 'Blood pressure check']],
    medications: [['314076', 'Lisinopril 10 MG Oral Tablet', '2024-02-20']],
    immunizations: [['208', 'COVID-19, mRNA, LNP-S, PF, 30 mcg/0.3 mL dose', '2023-09-14']],
    allergies: [['91935009', 'Allergy to peanut', 'high']],
  },
  'chloe-chen': {
    hba1c: [['2024-03-03', 5.2]],
    vitals: [['2024-03-03', 112, 70, 58.4, 66]],
    conditions: [['195967001', 'Asthma', '2005-05-20']],
    encounters: [['2024-03-03', 'Asthma review']],
    medications: [['745679', 'Albuterol 0.09 MG/ACTUAT Metered Dose Inhaler', '2024-03-03']],
    immunizations: [['158', 'Influenza, injectable, quadrivalent', '2023-10-20']],
    allergies: [['300916003', 'Latex allergy', 'low']],
  },
  'david-diaz': {
    hba1c: [['2023-12-01', 9.2], ['2024-06-03', 8.4]],
    vitals: [['2023-12-01', 147, 91, 101.7, 82], ['2024-06-03', 144, 90, 99.0, 79]],
    conditions: [['44054006', 'Diabetes mellitus type 2', '2010-02-14'], ['431855005', 'Chronic kidney disease stage 1', '2021-07-09']],
    encounters: [['2023-12-01', 'Diabetes follow-up'], ['2024-06-03', 'Nephrology consult']],
    medications: [['860975', 'Metformin hydrochloride 500 MG Oral Tablet', '2023-12-01'], ['314076', 'Lisinopril 10 MG Oral Tablet', '2024-06-03']],
    immunizations: [['33', 'Pneumococcal polysaccharide vaccine, 23 valent', '2022-11-08']],
    allergies: [['294505008', 'Allergy to sulfonamide', 'low']],
  },
  'emma-evans': {
    hba1c: [],
    vitals: [['2024-04-09', 100, 62, 27.9, 92]],
    conditions: [['65363002', 'Otitis media', '2024-04-09']],
    encounters: [['2024-04-09', 'Well-child visit']],
    medications: [['308182', 'Amoxicillin 250 MG Oral Capsule', '2024-04-09']],
    immunizations: [['03', 'MMR', '2016-06-20'], ['21', 'Varicella', '2016-06-20']],
    allergies: [],
  },
};

function subject(patientId: string) {
  return { reference: `Patient/${patientId}` };
}

function category(code: 'laboratory' | 'vital-signs') {
  const display = code === 'laboratory' ? 'Laboratory' : 'Vital Signs';
  return [{ coding: [{ system: OBS_CATEGORY, code, display }] }];
}

function quantity(value: number, unit: string, code: string) {
  return { value, unit, system: UCUM, code };
}

function observations(p: string, plan: PatientPlan): Resource[] {
  const out: Resource[] = [];
  plan.hba1c.forEach(([date, value], i) => {
    out.push({
      resourceType: 'Observation', id: `${p}-hba1c-${i + 1}`, status: 'final', category: category('laboratory'),
      code: { coding: [{ system: LOINC, code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood' }], text: 'HbA1c' },
      subject: subject(p), effectiveDateTime: `${date}T09:30:00Z`, valueQuantity: quantity(value, '%', '%'),
    });
  });
  plan.vitals.forEach(([date, sys, dia, weight, hr], i) => {
    const base = { status: 'final' as const, category: category('vital-signs'), subject: subject(p), effectiveDateTime: `${date}T09:00:00Z` };
    out.push({
      resourceType: 'Observation', id: `${p}-bp-${i + 1}`, ...base,
      code: { coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel with all children optional' }] },
      component: [
        { code: { coding: [{ system: LOINC, code: '8480-6', display: 'Systolic blood pressure' }] }, valueQuantity: quantity(sys, 'mm[Hg]', 'mm[Hg]') },
        { code: { coding: [{ system: LOINC, code: '8462-4', display: 'Diastolic blood pressure' }] }, valueQuantity: quantity(dia, 'mm[Hg]', 'mm[Hg]') },
      ],
    });
    out.push({
      resourceType: 'Observation', id: `${p}-weight-${i + 1}`, ...base,
      code: { coding: [{ system: LOINC, code: '29463-7', display: 'Body weight' }] }, valueQuantity: quantity(weight, 'kg', 'kg'),
    });
    out.push({
      resourceType: 'Observation', id: `${p}-heart-rate-${i + 1}`, ...base,
      code: { coding: [{ system: LOINC, code: '8867-4', display: 'Heart rate' }] }, valueQuantity: quantity(hr, 'beats/minute', '/min'),
    });
  });
  return out;
}

function clinical(p: string, plan: PatientPlan): Resource[] {
  const out: Resource[] = [];
  plan.encounters.forEach(([date, reason], i) => out.push({
    resourceType: 'Encounter', id: `${p}-encounter-${i + 1}`, status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
    subject: subject(p), participant: [{ individual: { reference: `Practitioner/${SEED_PRACTITIONER_ID}` } }],
    period: { start: `${date}T08:45:00Z`, end: `${date}T09:45:00Z` }, reasonCode: [{ text: reason }],
  }));
  plan.conditions.forEach(([code, display, onset], i) => out.push({
    resourceType: 'Condition', id: `${p}-condition-${i + 1}`,
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
    verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] }],
    code: { coding: [{ system: SNOMED, code, display }], text: display }, subject: subject(p), onsetDateTime: onset,
  }));
  plan.medications.forEach(([code, display, authoredOn], i) => out.push({
    resourceType: 'MedicationRequest', id: `${p}-medication-${i + 1}`, status: 'active', intent: 'order',
    medicationCodeableConcept: { coding: [{ system: RXNORM, code, display }], text: display },
    subject: subject(p), authoredOn, requester: { reference: `Practitioner/${SEED_PRACTITIONER_ID}` },
  }));
  plan.immunizations.forEach(([code, display, date], i) => out.push({
    resourceType: 'Immunization', id: `${p}-immunization-${i + 1}`, status: 'completed',
    vaccineCode: { coding: [{ system: CVX, code, display }], text: display }, patient: subject(p), occurrenceDateTime: date,
  }));
  plan.allergies.forEach(([code, display, criticality], i) => out.push({
    resourceType: 'AllergyIntolerance', id: `${p}-allergy-${i + 1}`, criticality,
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
    code: { coding: [{ system: SNOMED, code, display }], text: display }, patient: subject(p),
  }));
  return out;
}

/** Every resource of the dataset, patients first, in a stable order. */
export function buildSeedResources(): Resource[] {
  const practitioner: Resource = {
    resourceType: 'Practitioner', id: SEED_PRACTITIONER_ID, active: true,
    name: [{ prefix: ['Dr.'], given: ['Alex'], family: 'Smart' }],
    identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '9999999999' }],
  };
  const patients: Resource[] = SEED_PATIENTS.map((p) => ({
    resourceType: 'Patient', id: p.id, active: true, gender: p.gender, birthDate: p.birthDate,
    name: [{ use: 'official', given: [p.given], family: p.family }],
    identifier: [{ system: 'urn:example:sandbox-mrn', value: `MRN-${p.id}` }],
    generalPractitioner: [{ reference: `Practitioner/${SEED_PRACTITIONER_ID}` }],
  }));
  const group: Resource = {
    resourceType: 'Group', id: SEED_GROUP_ID, type: 'person', actual: true, name: 'Diabetes cohort',
    member: ['ana-alvarez', 'ben-baker', 'david-diaz'].map((id) => ({ entity: { reference: `Patient/${id}` } })),
  };
  const perPatient = SEED_PATIENTS.flatMap((p) => {
    const plan = PLANS[p.id];
    return plan ? [...observations(p.id, plan), ...clinical(p.id, plan)] : [];
  });
  return [practitioner, ...patients, group, ...perPatient];
}

/** "Ana Alvarez (1968-04-12)": how pickers and the EHR simulator label a patient. */
export function patientLabel(p: SeedPatient): string {
  return `${p.given} ${p.family} (${p.birthDate})`;
}
