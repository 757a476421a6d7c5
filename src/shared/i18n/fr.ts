/**
 * French, the reference dictionary: every key the app uses is defined here first. Other languages
 * must provide exactly the same keys (checked by the compiler). `{name}` placeholders are filled
 * by `translate`.
 */
export const fr = {
  'app.name': 'Préau Studio',
  'app.tagline': 'Photographie scolaire, du tri à la vente',
  'app.loading': 'Chargement…',
  'app.disconnected': 'Connexion au studio perdue. Nouvelle tentative…',
  'app.language': 'Langue',

  'home.title': 'Reportages',
  'home.recent': 'Reportages récents',
  'home.recent.empty': 'Aucun reportage pour l’instant. Créez le premier avec le formulaire ci-contre.',
  'home.recent.unavailable': 'Dossier introuvable (disque débranché, déplacé ou supprimé)',
  'home.recent.open': 'Ouvrir',
  'home.recent.forget': 'Retirer de la liste',
  'home.openOther': 'Ouvrir un autre dossier…',
  'home.create.title': 'Nouveau reportage',
  'home.create.schoolName': 'École',
  'home.create.schoolName.placeholder': 'École élémentaire Jules Ferry',
  'home.create.town': 'Commune',
  'home.create.schoolYear': 'Année scolaire',
  'home.create.shootDate': 'Date de prise de vue',
  'home.create.folder': 'Dossier du reportage',
  'home.create.folder.hint': 'Par défaut, un nouveau dossier dans votre bibliothèque : {path}',
  'home.create.submit': 'Créer le reportage',
  'home.create.created': 'Reportage « {school} » créé.',

  'folder.choose': 'Choisir…',
  'folder.typeHint': 'Saisissez ou collez le chemin complet du dossier.',
  'folder.check.missing': 'Ce dossier n’existe pas encore : il sera créé.',
  'folder.check.notFolder': 'Ce chemin désigne un fichier, pas un dossier.',
  'folder.check.notWritable': 'Impossible d’écrire dans ce dossier.',
  'folder.check.notEmpty': 'Ce dossier n’est pas vide et n’est pas un reportage.',
  'folder.check.isJob': 'Ce dossier contient déjà un reportage.',
  'folder.check.ok': 'Dossier utilisable.',
  'folder.open.title': 'Ouvrir un reportage',
  'folder.open.submit': 'Ouvrir',
  'folder.cancel': 'Annuler',

  'job.back': 'Tous les reportages',
  'job.close': 'Fermer le reportage',
  'job.folder': 'Dossier',
  'job.schoolYear': 'Année scolaire {year}',
  'job.shootDates': 'Prise de vue : {dates}',
  'job.noShootDate': 'Date de prise de vue à préciser',
  'job.createdAt': 'Créé le {date}',
  'job.tasks': 'Travaux en cours',
  'job.tasks.none': 'Aucun travail en cours.',
  'job.tasks.cancel': 'Annuler',

  'task.status.queued': 'En attente',
  'task.status.running': 'En cours',
  'task.status.done': 'Terminé',
  'task.status.failed': 'Échec',
  'task.status.cancelled': 'Annulé',

  'errors.invalid_params': 'Certaines informations sont incorrectes : {details}',
  'errors.unknown_method': 'Action inconnue : « {method} ». Mettez Préau Studio à jour.',
  'errors.unauthorized': 'Accès refusé : ouvrez Préau Studio avec l’adresse complète affichée au démarrage.',
  'errors.not_found': 'Introuvable : {what}.',
  'errors.not_a_job_folder':
    'Le dossier « {path} » n’est pas un reportage Préau Studio. Choisissez le dossier d’un reportage existant ou créez-en un nouveau.',
  'errors.folder_not_empty':
    'Le dossier « {path} » contient déjà des fichiers et n’est pas un reportage. Choisissez un dossier vide ou un nouveau nom.',
  'errors.already_a_job':
    'Le dossier « {path} » contient déjà un reportage : ouvrez-le plutôt que d’en créer un nouveau.',
  'errors.folder_missing': 'Le dossier « {path} » n’existe pas (disque débranché, déplacé ou supprimé ?).',
  'errors.not_a_folder': '« {path} » est un fichier, pas un dossier.',
  'errors.db_too_new':
    'Ce reportage a été enregistré par une version plus récente de Préau Studio (schéma {found}, cette version connaît jusqu’au {known}). Mettez Préau Studio à jour pour l’ouvrir ; rien n’a été modifié.',
  'errors.db_corrupt':
    'La base du reportage « {path} » est illisible ({reason}). Rien n’a été modifié ; restaurez le dossier depuis votre sauvegarde.',
  'errors.read_only':
    'Impossible d’écrire dans « {path} » (lecture seule ou droits insuffisants). Choisissez un autre dossier ou vérifiez les droits.',
  'errors.disk_full': 'Le disque de « {path} » est plein. Libérez de la place puis réessayez.',
  'errors.locked':
    'Ce reportage est déjà ouvert par Préau Studio (processus {pid} sur {host}, depuis le {since}). Fermez-le là-bas avant de l’ouvrir ici.',
  'errors.job_not_open': 'Ce reportage n’est pas ouvert. Rouvrez-le depuis la liste des reportages.',
  'errors.cancelled': 'Opération annulée.',
  'errors.unsupported': 'Cette action n’est pas disponible ici : {what}.',
  'errors.internal':
    'Erreur inattendue. Rien n’a été perdu ; réessayez, et si cela se reproduit, notez l’heure : {ref}.',

  'validation.required': 'obligatoire',
  'validation.expected.string': 'texte attendu',
  'validation.expected.number': 'nombre attendu',
  'validation.expected.boolean': 'oui/non attendu',
  'validation.expected.object': 'objet attendu',
  'validation.expected.array': 'liste attendue',
  'validation.unknownField': 'champ inconnu « {name} »',
  'validation.tooShort': 'trop court',
  'validation.tooLong': 'trop long',
  'validation.invalidValue': 'valeur non valable',
  'validation.text.tooLong': 'texte trop long',
  'validation.schoolName.required': 'le nom de l’école est obligatoire',
  'validation.schoolYear.format': 'l’année scolaire s’écrit comme 2026-2027',
  'validation.schoolYear.consecutive':
    'l’année scolaire doit couvrir deux années consécutives (ex. 2026-2027)',
  'validation.date.format': 'date attendue au format jj/mm/aaaa',
  'validation.date.invalid': 'cette date n’existe pas',
  'validation.path.required': 'le chemin du dossier est obligatoire',
  'validation.path.tooLong': 'chemin trop long',
  'validation.path.invalid': 'chemin non valable',
  'validation.path.relative': 'indiquez un chemin complet (ex. /home/studio/Reportages ou D:\\Reportages)',
  'validation.email': 'adresse e-mail non valable',
  'validation.siret': 'un SIRET compte 14 chiffres',
  // Ingest of memory cards (issue 3).
  'errors.source_lost':
    'La source « {path} » n’est plus accessible (carte retirée ou lecteur débranché ?). Les fichiers déjà vérifiés sont conservés ; réinsérez la carte et relancez l’import : seuls les fichiers manquants seront copiés.',
  'errors.path_too_long':
    'Le chemin « {path} » est trop long pour le système de fichiers. Choisissez un dossier de reportage plus proche de la racine du disque.',
  'ingest.verdict.safe': 'Carte {card} ({camera}) copiée et vérifiée — peut être formatée.',
  'ingest.verdict.unsafe':
    'Carte {card} ({camera}) : NE PAS FORMATER — {count} fichier(s) non copié(s) ou non vérifié(s) : {files}.',
  'ingest.verdict.camera': 'boîtier {label}',
  'ingest.verdict.unknownCamera': 'boîtier inconnu',
  'ingest.reason.verifyMismatch':
    'la copie relue sur « {dest} » ne correspond pas à l’original (empreinte différente) : disque de destination douteux',
  'ingest.reason.sourceChanged':
    'le fichier a changé ou a été tronqué pendant la lecture ({read} octets lus sur {size})',
  'ingest.reason.readError': 'lecture impossible sur la carte ({code})',
  'ingest.reason.nameTooLong': 'nom ou chemin trop long ({code})',
  'ingest.reason.cancelled': 'import annulé avant ce fichier',
  'ingest.reason.sourceMissing': 'la carte n’était plus accessible',
  'ingest.unreadable.empty': 'fichier vide (0 octet)',
  'ingest.unreadable.notImage': 'ce n’est pas une image ({detail})',
  'ingest.unreadable.corrupt': 'image endommagée ou tronquée ({detail})',
  'ingest.unreadable.unsupported':
    'format non pris en charge pour l’aperçu ({detail}) ; l’original est conservé',
  'ingest.unreadable.noPreview': 'fichier RAW sans aperçu intégré ; l’original est conservé',
  'ingest.progress.copy': 'Copie et vérification : {done}/{total} fichiers',
  'ingest.progress.images': 'Aperçus : {done}/{total}',
} as const;

export type MessageKey = keyof typeof fr;
export type Dictionary = { readonly [K in MessageKey]: string };
