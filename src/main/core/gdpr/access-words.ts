/**
 * The words of the right-of-access document and of the erasure report, in French: what each use,
 * holder, decision, file kind and hand-out is called for a family or a studio reading them, and the
 * French dates. Every student data owner describes its rows with these, so the document speaks one
 * language whatever feature the rows come from.
 */
import {
  CONSENT_SOURCES,
  type ConsentDecision,
  type ConsentHolder,
  type ConsentStatus,
  type ConsentUse,
} from '../../../shared/domain/consent';
import type { HandoutWay, StudentFileKind } from '../../../shared/domain/gdpr';
import type { PaymentMethod } from '../../../shared/domain/order-form';
import { formatDate, formatDateTime, translate } from '../../../shared/i18n';

/** dd/mm/yyyy of an ISO date or timestamp; empty for none. */
export function frDate(value: string | null | undefined): string {
  return value ? formatDate('fr', value) : '';
}

/** dd/mm/yyyy hh:mm of a timestamp; empty for none. */
export function frDateTime(value: string | null | undefined): string {
  return value ? formatDateTime('fr', value) : '';
}

export function useWord(use: ConsentUse): string {
  return translate('fr', `consent.use.${use}`);
}

export function statusWord(status: ConsentStatus): string {
  return translate('fr', `consent.status.${status}`);
}

const HOLDERS: Record<ConsentHolder, string> = {
  parent1: 'premier titulaire de l’autorité parentale',
  parent2: 'second titulaire de l’autorité parentale',
  self: 'l’élève',
};
export const holderWord = (holder: ConsentHolder): string => HOLDERS[holder];

const DECISIONS: Record<ConsentDecision, string> = {
  granted: 'accord',
  refused: 'refus',
  withdrawn: 'retrait',
};
export const decisionWord = (decision: ConsentDecision): string => DECISIONS[decision];

/** The channel a decision came by; a source this version does not know reads « autre ». */
export function sourceWord(source: string): string {
  const found = CONSENT_SOURCES.find((k) => k === source);
  return found ? translate('fr', `consent.source.${found}`) : 'autre';
}

const KINDS: Record<StudentFileKind, string> = {
  original: 'photo originale',
  backup_copy: 'copie de sauvegarde',
  thumbnail: 'vignette',
  preview: 'aperçu',
  web_copy: 'copie pour la galerie en ligne',
  xmp_sidecar: 'fichier XMP (noms des personnes sur la photo)',
  order_forms: 'bons de commande de la classe',
  school_order_forms: 'bons de commande de l’école',
  proof_sheet: 'planche contact',
  forms_report: 'rapport des bons de commande',
  shoot_list: 'liste de prise de vue',
  consent_sheet: 'feuille de consentement à faire signer',
  bookkeeping: 'liste des bons pour la trésorerie',
  treasurer_summary: 'récapitulatif de trésorerie',
  access_export: 'export du droit d’accès',
  platform_order_form: 'bon de commande préparé pour la plateforme',
  photo_cards: 'cartes de prise de vue de la classe',
  print_file: 'fichier de tirage ou fichier numérique pour le laboratoire',
  lab_manifest: 'manifeste de production pour le laboratoire',
};
export const kindWord = (kind: StudentFileKind): string => KINDS[kind];

const HANDOUTS: Record<HandoutWay, string> = {
  opened: 'ouvert dans un autre logiciel (visionneuse, impression)',
  downloaded: 'téléchargé depuis le navigateur',
  outside: 'écrit hors du dossier du reportage',
  lab: 'envoyé au laboratoire',
};
export const handoutWord = (how: HandoutWay): string => HANDOUTS[how];

const PAYMENTS: Record<PaymentMethod, string> = {
  cheque: 'chèque',
  cash: 'espèces',
  transfer: 'virement',
  card: 'carte',
  other: 'autre',
};
export function paymentWord(method: string): string {
  return method in PAYMENTS ? PAYMENTS[method as PaymentMethod] : 'autre';
}

/** An access code shown in a document that may travel by e-mail: its last characters only. */
export function maskedCode(code: string): string {
  return `•••••-•••••-•${code.slice(-4)}`;
}
