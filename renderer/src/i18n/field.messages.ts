/**
 * Field mode text: capture guards on the home screen, the location sentence of the consent, and
 * the staff console's field screen (status, USB export and import), in every language. Refusals
 * and errors themselves are the core's one-line messages, shown as they come.
 */
export const fieldEn = {
  'consent.location':
    'This kiosk also records where the photo is taken (its position, from GPS or the computer’s location service), kept with your photo.',
  'consent.agree.location':
    'I agree to my photo being taken and checked, and to where it is taken being recorded, for this purpose',
  'guard.refused': 'New captures are refused on this kiosk',
  'guard.warnings': 'Before you start',
  'guard.pausedSelf': 'This kiosk is paused. Please ask a member of staff.',
  'guard.backlog_near':
    '{backlog} jobs wait for the backend; at {max} new captures stop ({n} more). Sync, or export them to USB, soon.',
  'guard.sync_due':
    'Not synced since {last}; after {max} days without sync new captures stop ({n} days left). Connect and sync soon.',
  'guard.sync_due.one':
    'Not synced since {last}; after {max} days without sync new captures stop ({n} day left). Connect and sync soon.',
  'guard.disk_near': 'Only {free} MB of disk free; below {min} MB new captures stop.',
  'guard.summary':
    'Waiting for the backend: {backlog} (limit {max}) · on USB, not yet confirmed: {exported} · last sync: {last}',
  'guard.noLimit': 'none',
  'guard.never': 'never',
  'guard.recheck': 'Check again',
  'guard.openField': 'Field mode',
  'console.field': 'Field mode',
  'field.title': 'Field mode: USB export and import',
  'field.status': 'Status',
  'field.deviceKey': 'This kiosk’s signing key',
  'field.deviceKey.none': 'none yet (made by the first export)',
  'field.recipient': 'Exports are encrypted for',
  'field.recipient.none': 'no key set (field.recipientKey): export is not possible yet',
  'field.recipientHere': 'Bundles this machine can read',
  'field.recipientHere.none': 'none: set up with `kiosk field recipient init` to import here',
  'field.trusted': 'Trusted laptops',
  'field.exports': 'Bundles exported',
  'field.imports': 'Bundles imported',
  'field.backlog': 'Waiting for the backend',
  'field.exportedUnsent': 'Exported, not yet confirmed by the backend',
  'field.lastSync': 'Last sync with the backend',
  'field.clock': 'Clock',
  'field.clock.ok': 'correct',
  'field.clock.corrected': 'corrected from the backend’s time ({offset} s)',
  'field.clock.unverified': 'not yet checked against the backend',
  'field.clock.wrong': 'wrong',
  'field.recent': '{when} · {n} jobs · {file}',
  'field.recent.one': '{when} · {n} job · {file}',
  'field.export': 'Export to a folder',
  'field.export.hint':
    'Writes the jobs the backend has not got yet into one encrypted, signed bundle for the branch machine. They stay here, queued, until the backend confirms them.',
  'field.export.to': 'Folder (for example the USB stick)',
  'field.export.since': 'Only jobs captured since (optional)',
  'field.export.again': 'Include jobs already in an earlier bundle',
  'field.export.run': 'Export',
  'field.export.done': '{n} jobs ({images} images, {size}) written to:',
  'field.export.done.one': '{n} job ({images} images, {size}) written to:',
  'field.export.nothing':
    'Nothing to export: every job has reached the backend or is in an earlier bundle.',
  'field.export.skipped': '{n} jobs were already exported and left out.',
  'field.import': 'Import a bundle',
  'field.import.hint':
    'Checks the bundle’s signature and contents, then queues its jobs for sync under their own job ids.',
  'field.import.file': 'Bundle file (.kbundle)',
  'field.import.run': 'Import',
  'field.import.done':
    'Bundle from {device}, made {when}: {imported} imported, {here} already here, {conflict} in conflict.',
  'field.import.jobs': 'Jobs in the bundle',
  'field.col.job': 'Job',
  'field.col.user': 'Customer',
  'field.col.type': 'Type',
  'field.col.captured': 'Captured',
  'field.col.fate': 'Result',
  'field.col.reason': 'Details',
  'field.fate.imported': 'Imported',
  'field.fate.already_here': 'Already here',
  'field.fate.conflict': 'Conflict',
  'field.working': 'Working…',
} as const

export type FieldKey = keyof typeof fieldEn

export const fieldFr: Record<FieldKey, string> = {
  'consent.location':
    'Ce kiosque enregistre aussi le lieu de la prise de vue (sa position, par GPS ou le service de localisation de l’ordinateur), conservé avec votre photo.',
  'consent.agree.location':
    'J’accepte que ma photo soit prise et vérifiée, et que le lieu de la prise de vue soit enregistré, dans ce but',
  'guard.refused': 'Les nouvelles captures sont refusées sur ce kiosque',
  'guard.warnings': 'Avant de commencer',
  'guard.pausedSelf': 'Ce kiosque est en pause. Adressez-vous à un conseiller.',
  'guard.backlog_near':
    '{backlog} dossiers attendent le serveur ; à {max}, les nouvelles captures s’arrêtent (encore {n}). Synchronisez ou exportez-les sur clé USB rapidement.',
  'guard.sync_due':
    'Pas de synchronisation depuis le {last} ; après {max} jours sans synchronisation, les nouvelles captures s’arrêtent (encore {n} jours). Connectez-vous et synchronisez rapidement.',
  'guard.sync_due.one':
    'Pas de synchronisation depuis le {last} ; après {max} jours sans synchronisation, les nouvelles captures s’arrêtent (encore {n} jour). Connectez-vous et synchronisez rapidement.',
  'guard.disk_near':
    'Seulement {free} Mo libres sur le disque ; sous {min} Mo, les nouvelles captures s’arrêtent.',
  'guard.summary':
    'En attente du serveur : {backlog} (limite {max}) · sur clé USB, non confirmés : {exported} · dernière synchronisation : {last}',
  'guard.noLimit': 'aucune',
  'guard.never': 'jamais',
  'guard.recheck': 'Vérifier à nouveau',
  'guard.openField': 'Mode terrain',
  'console.field': 'Mode terrain',
  'field.title': 'Mode terrain : export et import par clé USB',
  'field.status': 'État',
  'field.deviceKey': 'Clé de signature de ce kiosque',
  'field.deviceKey.none': 'pas encore (créée au premier export)',
  'field.recipient': 'Les exports sont chiffrés pour',
  'field.recipient.none':
    'aucune clé définie (field.recipientKey) : l’export n’est pas encore possible',
  'field.recipientHere': 'Lots lisibles par cette machine',
  'field.recipientHere.none':
    'aucun : configurez-la avec `kiosk field recipient init` pour importer ici',
  'field.trusted': 'Portables de confiance',
  'field.exports': 'Lots exportés',
  'field.imports': 'Lots importés',
  'field.backlog': 'En attente du serveur',
  'field.exportedUnsent': 'Exportés, pas encore confirmés par le serveur',
  'field.lastSync': 'Dernière synchronisation avec le serveur',
  'field.clock': 'Horloge',
  'field.clock.ok': 'à l’heure',
  'field.clock.corrected': 'corrigée d’après l’heure du serveur ({offset} s)',
  'field.clock.unverified': 'pas encore vérifiée auprès du serveur',
  'field.clock.wrong': 'fausse',
  'field.recent': '{when} · {n} dossiers · {file}',
  'field.recent.one': '{when} · {n} dossier · {file}',
  'field.export': 'Exporter vers un dossier',
  'field.export.hint':
    'Écrit les dossiers que le serveur n’a pas encore reçus dans un seul lot chiffré et signé pour la machine de l’agence. Ils restent ici, en file, jusqu’à ce que le serveur les confirme.',
  'field.export.to': 'Dossier (par exemple la clé USB)',
  'field.export.since': 'Seulement les dossiers capturés depuis (facultatif)',
  'field.export.again': 'Inclure les dossiers déjà présents dans un lot précédent',
  'field.export.run': 'Exporter',
  'field.export.done': '{n} dossiers ({images} images, {size}) écrits dans :',
  'field.export.done.one': '{n} dossier ({images} images, {size}) écrit dans :',
  'field.export.nothing':
    'Rien à exporter : chaque dossier a atteint le serveur ou figure dans un lot précédent.',
  'field.export.skipped': '{n} dossiers déjà exportés ont été laissés de côté.',
  'field.import': 'Importer un lot',
  'field.import.hint':
    'Vérifie la signature et le contenu du lot, puis met ses dossiers en file de synchronisation sous leur propre identifiant.',
  'field.import.file': 'Fichier du lot (.kbundle)',
  'field.import.run': 'Importer',
  'field.import.done':
    'Lot de {device}, créé le {when} : {imported} importés, {here} déjà présents, {conflict} en conflit.',
  'field.import.jobs': 'Dossiers du lot',
  'field.col.job': 'Dossier',
  'field.col.user': 'Client',
  'field.col.type': 'Nature',
  'field.col.captured': 'Capturé le',
  'field.col.fate': 'Résultat',
  'field.col.reason': 'Détails',
  'field.fate.imported': 'Importé',
  'field.fate.already_here': 'Déjà présent',
  'field.fate.conflict': 'Conflit',
  'field.working': 'En cours…',
}

export const fieldAr: Record<FieldKey, string> = {
  'consent.location':
    'يسجّل هذا الكشك أيضًا مكان التقاط الصورة (موقعه من GPS أو من خدمة الموقع في الحاسوب)، ويُحفظ مع صورتك.',
  'consent.agree.location':
    'أوافق على التقاط صورتي والتحقق منها، وعلى تسجيل مكان التقاطها، لهذا الغرض',
  'guard.refused': 'الالتقاطات الجديدة مرفوضة على هذا الكشك',
  'guard.warnings': 'قبل أن تبدأ',
  'guard.pausedSelf': 'هذا الكشك متوقف مؤقتًا. يُرجى طلب المساعدة من أحد الموظفين.',
  'guard.backlog_near':
    '{backlog} طلبات تنتظر الخادم؛ عند {max} تتوقف الالتقاطات الجديدة (بقي {n}). زامِن أو صدِّرها إلى USB قريبًا.',
  'guard.sync_due':
    'لا مزامنة منذ {last}؛ بعد {max} يومًا دون مزامنة تتوقف الالتقاطات الجديدة (بقي {n} أيام). اتصل وزامِن قريبًا.',
  'guard.sync_due.one':
    'لا مزامنة منذ {last}؛ بعد {max} يومًا دون مزامنة تتوقف الالتقاطات الجديدة (بقي يوم واحد). اتصل وزامِن قريبًا.',
  'guard.disk_near':
    'المساحة الحرة على القرص {free} ميغابايت فقط؛ دون {min} ميغابايت تتوقف الالتقاطات الجديدة.',
  'guard.summary':
    'بانتظار الخادم: {backlog} (الحد {max}) · على USB دون تأكيد: {exported} · آخر مزامنة: {last}',
  'guard.noLimit': 'بلا حد',
  'guard.never': 'أبدًا',
  'guard.recheck': 'تحقّق مجددًا',
  'guard.openField': 'الوضع الميداني',
  'console.field': 'الوضع الميداني',
  'field.title': 'الوضع الميداني: التصدير والاستيراد عبر USB',
  'field.status': 'الحالة',
  'field.deviceKey': 'مفتاح التوقيع لهذا الكشك',
  'field.deviceKey.none': 'لا يوجد بعد (يُنشأ عند أول تصدير)',
  'field.recipient': 'تُشفَّر الصادرات لصالح',
  'field.recipient.none': 'لم يُعيَّن مفتاح (field.recipientKey): التصدير غير ممكن بعد',
  'field.recipientHere': 'الحزم التي يقرؤها هذا الجهاز',
  'field.recipientHere.none': 'لا شيء: جهّزه بالأمر `kiosk field recipient init` للاستيراد هنا',
  'field.trusted': 'الحواسيب المحمولة الموثوقة',
  'field.exports': 'الحزم المصدَّرة',
  'field.imports': 'الحزم المستوردة',
  'field.backlog': 'بانتظار الخادم',
  'field.exportedUnsent': 'مصدَّرة ولم يؤكدها الخادم بعد',
  'field.lastSync': 'آخر مزامنة مع الخادم',
  'field.clock': 'الساعة',
  'field.clock.ok': 'مضبوطة',
  'field.clock.corrected': 'مصحَّحة وفق وقت الخادم ({offset} ث)',
  'field.clock.unverified': 'لم تُطابَق مع الخادم بعد',
  'field.clock.wrong': 'خاطئة',
  'field.recent': '{when} · {n} طلبات · {file}',
  'field.recent.one': '{when} · طلب واحد · {file}',
  'field.export': 'التصدير إلى مجلد',
  'field.export.hint':
    'يكتب الطلبات التي لم تصل إلى الخادم بعد في حزمة واحدة مشفّرة وموقّعة لجهاز الفرع. تبقى هنا في قائمة الانتظار حتى يؤكدها الخادم.',
  'field.export.to': 'المجلد (مثلًا ذاكرة USB)',
  'field.export.since': 'فقط الطلبات الملتقطة منذ (اختياري)',
  'field.export.again': 'تضمين الطلبات الموجودة في حزمة سابقة',
  'field.export.run': 'تصدير',
  'field.export.done': 'كُتبت {n} طلبات ({images} صور، {size}) في:',
  'field.export.done.one': 'كُتب طلب واحد ({images} صور، {size}) في:',
  'field.export.nothing': 'لا شيء للتصدير: كل طلب وصل إلى الخادم أو موجود في حزمة سابقة.',
  'field.export.skipped': 'استُبعدت {n} طلبات صُدِّرت من قبل.',
  'field.import': 'استيراد حزمة',
  'field.import.hint':
    'يتحقق من توقيع الحزمة ومحتواها، ثم يضع طلباتها في قائمة المزامنة بمعرّفاتها الأصلية.',
  // The isolates (U+2066 … U+2069) keep ".kbundle" left to right inside Arabic text.
  'field.import.file': 'ملف الحزمة (\u2066.kbundle\u2069)',
  'field.import.run': 'استيراد',
  'field.import.done':
    'حزمة من {device}، أُنشئت في {when}: {imported} مستوردة، {here} موجودة مسبقًا، {conflict} متعارضة.',
  'field.import.jobs': 'طلبات الحزمة',
  'field.col.job': 'الطلب',
  'field.col.user': 'العميل',
  'field.col.type': 'النوع',
  'field.col.captured': 'وقت الالتقاط',
  'field.col.fate': 'النتيجة',
  'field.col.reason': 'التفاصيل',
  'field.fate.imported': 'مستورد',
  'field.fate.already_here': 'موجود مسبقًا',
  'field.fate.conflict': 'تعارض',
  'field.working': 'جارٍ التنفيذ…',
}
