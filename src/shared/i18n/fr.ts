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
  // School, roster and consent (issue 4).
  'errors.roster_empty':
    'Le fichier « {file} » ne contient aucune ligne. Vérifiez que vous avez choisi la bonne extraction.',
  'errors.roster_unsupported':
    'Le fichier « {file} » n’est pas une liste d’élèves lisible (ni CSV, ni tableur XLSX, ni export SIECLE XML). Exportez la liste depuis ONDE, SIECLE ou votre tableur puis recommencez.',
  'errors.roster_old_excel':
    'Le fichier « {file} » est au format Excel 97-2003 (.xls). Ouvrez-le dans votre tableur et enregistrez-le en .xlsx ou en CSV, puis recommencez.',
  'errors.roster_bad_quote':
    'Le fichier « {file} » est mal formé à la ligne {line} : un guillemet est ouvert et jamais refermé. Corrigez cette ligne (ou réexportez le fichier) puis recommencez ; rien n’a été importé.',
  'errors.roster_bad_xml':
    'Le fichier « {file} » est un XML mal formé à la ligne {line} ({detail}). Réexportez-le depuis SIECLE puis recommencez ; rien n’a été importé.',
  'errors.roster_needs_mapping':
    'Les colonnes du fichier « {file} » n’ont pas été reconnues ({columns}). Indiquez quelle colonne contient le nom, le prénom et la classe, puis recommencez ; rien n’a été importé.',
  'errors.roster_mapping_column_missing':
    'La colonne « {column} » de la correspondance choisie est absente du fichier « {file} ». Vérifiez l’en-tête du fichier ou modifiez la correspondance ; rien n’a été importé.',
  'errors.roster_zip_without_roster':
    'L’archive « {file} » ne contient pas de liste d’élèves (fichier ElevesSansAdresses.xml attendu). Choisissez l’export SIECLE « Élèves sans adresses ».',
  'errors.roster_too_large':
    'Le fichier « {file} » est bien trop gros pour une liste d’élèves. Vérifiez que vous avez choisi la bonne extraction.',
  'errors.roster_no_classes':
    'Aucune classe à imprimer : importez la liste des élèves ou créez les classes d’abord.',
  'errors.class_exists': 'Une classe « {label} » existe déjà. Choisissez un autre nom.',
  'errors.consent_adult_self':
    'Cet élève est majeur : il consent lui-même. Enregistrez sa décision comme « l’élève ».',
  'errors.consent_minor_self':
    'Un élève mineur ne peut pas donner seul son accord : enregistrez celui des titulaires de l’autorité parentale (son refus, lui, est toujours respecté).',
  'errors.consent_one_holder':
    'Un seul titulaire de l’autorité parentale est indiqué pour cet élève. Changez ce nombre dans sa fiche pour enregistrer un second titulaire.',
  'roster.reject.missing_name': 'nom ou prénom manquant ({value})',
  'roster.reject.bad_date': 'date de naissance illisible « {value} » (attendu jj/mm/aaaa)',
  'roster.reject.bad_ine': 'INE non valable « {value} »',
  'school.missing.legalName': 'le nom légal de l’association (tel qu’il figurera sur les bons de commande)',
  'school.missing.chequePayee': 'l’ordre des chèques',
  'validation.uai': 'un code UAI compte 7 chiffres et une lettre (ex. 0751234A)',
  'validation.mapping.names': 'indiquez les colonnes du nom et du prénom (ou une colonne « NOM Prénom »)',
  'shootList.title': 'Liste de prise de vue',
  'shootList.fileName': 'liste-prise-de-vue',
  'shootList.heading': 'Liste de prise de vue — {class}',
  'shootList.continued': 'Liste de prise de vue — {class} (suite)',
  'shootList.dates': 'prise de vue le {dates}',
  'shootList.staff': 'Équipe :',
  'shootList.summary': '{students} élèves — {blocked} à ne pas photographier',
  'shootList.col.order': 'N°',
  'shootList.col.familyName': 'Nom',
  'shootList.col.firstName': 'Prénom',
  'shootList.col.absent': 'Absent',
  'shootList.col.notes': 'Consignes',
  'shootList.doNotPhotograph': 'NE PAS PHOTOGRAPHIER',
  'shootList.noClassPhoto': 'Pas sur la photo de classe',
  'shootList.empty': 'Aucun élève dans cette classe.',
  'shootList.page': 'Page {page} / {pages}',
  'errors.code_length':
    'Le code « {code} » n’a pas la bonne longueur : un code compte 15 caractères (3 groupes de 5). Recopiez-le depuis le bon de commande.',
  'errors.code_character':
    'Le code « {code} » contient un caractère qui n’apparaît dans aucun code (0, O, 1, I, L) : relisez-le sur le bon de commande.',
  'errors.code_typo':
    'Le code « {code} » contient une faute de frappe (le caractère de contrôle ne correspond pas) : relisez-le sur le bon de commande.',
  'errors.code_unknown':
    'Aucun bon de commande de ce reportage n’a le code « {code} ». Vérifiez le reportage ouvert.',
  'errors.price_list_sibling_not_allowed':
    'L’école n’autorise pas les photos de fratrie : retirez le produit « {label} » ou activez les photos de fratrie dans la fiche de l’école.',
  'errors.forms_association_missing':
    'Le nom légal de l’association qui vend aux familles manque (vendeur et bénéficiaire des chèques) : complétez la fiche de l’école avant de produire les bons de commande.',
  'errors.forms_no_class': 'Aucune classe « {class} » dans ce reportage. Classes existantes : {classes}.',
  'errors.order_unknown_product': 'Le produit « {ref} » ne figure pas dans la liste de prix de ce reportage.',
  'errors.order_unknown_pose':
    'Le bon de « {names} » n’a pas de pose n° {pose} (poses 1 à {count}) : vérifiez le numéro écrit par la famille.',
  'errors.order_not_found':
    'Aucun bon de commande ne correspond à « {query} ». Saisissez le code imprimé sur le bon ou le nom de l’élève.',
  'errors.order_ambiguous':
    'Plusieurs élèves correspondent à « {query} » : {names}. Saisissez le code imprimé sur le bon.',
  'validation.product.ref': 'référence : lettres et chiffres seulement (ex. T1)',
  'validation.product.cents': 'prix en centimes entiers',
  'validation.product.tooLarge':
    'format interdit : au-delà de 24×30 cm, les photos ne peuvent pas être vendues aux familles (circulaire 2003-091)',
  'validation.priceList.tooMany': '30 produits au plus',
  'validation.priceList.duplicateRef': 'deux produits ont la même référence',
} as const;

export type MessageKey = keyof typeof fr;
export type Dictionary = { readonly [K in MessageKey]: string };
