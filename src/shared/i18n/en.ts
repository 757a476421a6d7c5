/** English: must define exactly the keys of the French reference dictionary. */
import type { Dictionary } from './fr';

export const en: Dictionary = {
  'app.name': 'Préau Studio',
  'app.tagline': 'School photography, from sorting to sales',
  'app.loading': 'Loading…',
  'app.disconnected': 'Lost the connection to the studio. Retrying…',
  'app.language': 'Language',

  'home.title': 'Shoots',
  'home.recent': 'Recent shoots',
  'home.recent.empty': 'No shoot yet. Create the first one with the form alongside.',
  'home.recent.unavailable': 'Folder not found (drive unplugged, moved or deleted)',
  'home.recent.open': 'Open',
  'home.recent.forget': 'Remove from list',
  'home.openOther': 'Open another folder…',
  'home.create.title': 'New shoot',
  'home.create.schoolName': 'School',
  'home.create.schoolName.placeholder': 'Jules Ferry primary school',
  'home.create.town': 'Town',
  'home.create.schoolYear': 'School year',
  'home.create.shootDate': 'Shoot date',
  'home.create.folder': 'Shoot folder',
  'home.create.folder.hint': 'By default, a new folder in your library: {path}',
  'home.create.submit': 'Create shoot',
  'home.create.created': 'Shoot “{school}” created.',

  'folder.choose': 'Choose…',
  'folder.typeHint': 'Type or paste the full path of the folder.',
  'folder.check.missing': 'This folder does not exist yet: it will be created.',
  'folder.check.notFolder': 'This path is a file, not a folder.',
  'folder.check.notWritable': 'This folder is not writable.',
  'folder.check.notEmpty': 'This folder is not empty and is not a shoot.',
  'folder.check.isJob': 'This folder already holds a shoot.',
  'folder.check.ok': 'Folder can be used.',
  'folder.open.title': 'Open a shoot',
  'folder.open.submit': 'Open',
  'folder.cancel': 'Cancel',

  'job.back': 'All shoots',
  'job.close': 'Close shoot',
  'job.folder': 'Folder',
  'job.schoolYear': 'School year {year}',
  'job.shootDates': 'Shoot: {dates}',
  'job.noShootDate': 'Shoot date to be set',
  'job.createdAt': 'Created on {date}',
  'job.tasks': 'Work in progress',
  'job.tasks.none': 'Nothing in progress.',
  'job.tasks.cancel': 'Cancel',

  'task.status.queued': 'Queued',
  'task.status.running': 'Running',
  'task.status.done': 'Done',
  'task.status.failed': 'Failed',
  'task.status.cancelled': 'Cancelled',

  'errors.invalid_params': 'Some information is not right: {details}',
  'errors.unknown_method': 'Unknown action “{method}”. Please update Préau Studio.',
  'errors.unauthorized': 'Access denied: open Préau Studio with the full address printed at start-up.',
  'errors.not_found': 'Not found: {what}.',
  'errors.not_a_job_folder':
    'The folder “{path}” is not a Préau Studio shoot. Choose the folder of an existing shoot or create a new one.',
  'errors.folder_not_empty':
    'The folder “{path}” already holds files and is not a shoot. Choose an empty folder or a new name.',
  'errors.already_a_job': 'The folder “{path}” already holds a shoot: open it instead of creating a new one.',
  'errors.folder_missing': 'The folder “{path}” does not exist (drive unplugged, moved or deleted?).',
  'errors.not_a_folder': '“{path}” is a file, not a folder.',
  'errors.db_too_new':
    'This shoot was saved by a newer version of Préau Studio (schema {found}; this version knows up to {known}). Update Préau Studio to open it; nothing was changed.',
  'errors.db_corrupt':
    'The database of the shoot “{path}” cannot be read ({reason}). Nothing was changed; restore the folder from your backup.',
  'errors.read_only':
    'Cannot write to “{path}” (read-only or not enough rights). Choose another folder or check its permissions.',
  'errors.disk_full': 'The disk of “{path}” is full. Free some space and try again.',
  'errors.locked':
    'This shoot is already open in Préau Studio (process {pid} on {host}, since {since}). Close it there before opening it here.',
  'errors.job_not_open': 'This shoot is not open. Reopen it from the list of shoots.',
  'errors.cancelled': 'Cancelled.',
  'errors.unsupported': 'This action is not available here: {what}.',
  'errors.internal':
    'Unexpected error. Nothing was lost; try again, and if it happens again, note the time: {ref}.',

  'validation.required': 'required',
  'validation.expected.string': 'text expected',
  'validation.expected.number': 'number expected',
  'validation.expected.boolean': 'yes/no expected',
  'validation.expected.object': 'object expected',
  'validation.expected.array': 'list expected',
  'validation.unknownField': 'unknown field “{name}”',
  'validation.tooShort': 'too short',
  'validation.tooLong': 'too long',
  'validation.invalidValue': 'invalid value',
  'validation.text.tooLong': 'text too long',
  'validation.schoolName.required': 'the school name is required',
  'validation.schoolYear.format': 'write the school year like 2026-2027',
  'validation.schoolYear.consecutive': 'the school year must span two consecutive years (e.g. 2026-2027)',
  'validation.date.format': 'date expected as dd/mm/yyyy',
  'validation.date.invalid': 'this date does not exist',
  'validation.path.required': 'the folder path is required',
  'validation.path.tooLong': 'path too long',
  'validation.path.invalid': 'invalid path',
  'validation.path.relative': 'give a full path (e.g. /home/studio/Shoots or D:\\Shoots)',
  'validation.email': 'invalid e-mail address',
  'validation.siret': 'a SIRET has 14 digits',
  // School, roster and consent (issue 4).
  'errors.roster_empty': 'The file “{file}” has no lines. Check that you chose the right export.',
  'errors.roster_unsupported':
    'The file “{file}” is not a readable student list (not CSV, XLSX or a SIECLE XML export). Export the list from ONDE, SIECLE or your spreadsheet and try again.',
  'errors.roster_old_excel':
    'The file “{file}” is in the Excel 97-2003 format (.xls). Open it in your spreadsheet, save it as .xlsx or CSV, and try again.',
  'errors.roster_bad_quote':
    'The file “{file}” is malformed at line {line}: a quote is opened and never closed. Fix that line (or export the file again) and try again; nothing was imported.',
  'errors.roster_bad_xml':
    'The file “{file}” is malformed XML at line {line} ({detail}). Export it again from SIECLE and try again; nothing was imported.',
  'errors.roster_needs_mapping':
    'The columns of “{file}” were not recognised ({columns}). Say which column holds the family name, first name and class, then try again; nothing was imported.',
  'errors.roster_mapping_column_missing':
    'The column “{column}” of the chosen mapping is not in “{file}”. Check the file’s header or change the mapping; nothing was imported.',
  'errors.roster_zip_without_roster':
    'The archive “{file}” holds no student list (ElevesSansAdresses.xml expected). Choose the SIECLE “students without addresses” export.',
  'errors.roster_too_large':
    'The file “{file}” is far too big for a student list. Check that you chose the right export.',
  'errors.roster_no_classes': 'No class to print: import the student list or create the classes first.',
  'errors.class_exists': 'A class “{label}” already exists. Choose another name.',
  'errors.consent_adult_self':
    'This student is 18 or older and consents for themself. Record the decision as “the student”.',
  'errors.consent_minor_self':
    'A minor cannot consent alone: record the decision of the holders of parental authority (the child’s own refusal is always honoured).',
  'errors.consent_one_holder':
    'Only one holder of parental authority is set for this student. Change that number on the student’s card to record a second holder.',
  'roster.reject.missing_name': 'family name or first name missing ({value})',
  'roster.reject.bad_date': 'unreadable birth date “{value}” (expected dd/mm/yyyy)',
  'roster.reject.bad_ine': 'invalid INE “{value}”',
  'school.missing.legalName': 'the association’s legal name (as it will appear on order forms)',
  'school.missing.chequePayee': 'the cheque payee',
  'validation.uai': 'a UAI code has 7 digits and a letter (e.g. 0751234A)',
  'validation.mapping.names': 'give the family-name and first-name columns (or one “NAME First name” column)',
  'shootList.title': 'Shoot-day list',
  'shootList.fileName': 'shoot-day-list',
  'shootList.heading': 'Shoot-day list — {class}',
  'shootList.continued': 'Shoot-day list — {class} (continued)',
  'shootList.dates': 'shoot on {dates}',
  'shootList.staff': 'Staff:',
  'shootList.summary': '{students} students — {blocked} not to be photographed',
  'shootList.col.order': 'No.',
  'shootList.col.familyName': 'Name',
  'shootList.col.firstName': 'First name',
  'shootList.col.absent': 'Absent',
  'shootList.col.notes': 'Instructions',
  'shootList.doNotPhotograph': 'DO NOT PHOTOGRAPH',
  'shootList.noClassPhoto': 'Not on the class photo',
  'shootList.empty': 'No student in this class.',
  'shootList.page': 'Page {page} / {pages}',
  'errors.code_length':
    'The code “{code}” has the wrong length: a code has 15 characters (3 groups of 5). Copy it again from the order form.',
  'errors.code_character':
    'The code “{code}” contains a character no code ever has (0, O, 1, I, L): read it again on the order form.',
  'errors.code_typo':
    'The code “{code}” contains a typo (its check character does not match): read it again on the order form.',
  'errors.code_unknown': 'No order form of this job has the code “{code}”. Check which job is open.',
  'errors.price_list_sibling_not_allowed':
    'The school does not allow sibling photos: remove the product “{label}” or allow sibling photos in the school details.',
  'errors.forms_association_missing':
    'The legal name of the association selling to families is missing (seller and cheque payee): complete the school details before producing order forms.',
  'errors.forms_no_class': 'No class “{class}” in this job. Existing classes: {classes}.',
  'errors.order_unknown_product': 'The product “{ref}” is not in this job’s price list.',
  'errors.order_unknown_pose':
    'The form of “{names}” has no pose no. {pose} (poses 1 to {count}): check the number the family wrote.',
  'errors.order_not_found':
    'No order form matches “{query}”. Type the code printed on the form or the student’s name.',
  'errors.order_ambiguous': 'Several students match “{query}”: {names}. Type the code printed on the form.',
  'validation.product.ref': 'reference: letters and digits only (e.g. T1)',
  'validation.product.cents': 'price in whole cents',
  'validation.product.tooLarge':
    'forbidden format: photos larger than 24×30 cm may not be sold to families (circulaire 2003-091)',
  'validation.priceList.tooMany': '30 products at most',
  'validation.priceList.duplicateRef': 'two products have the same reference',
};
