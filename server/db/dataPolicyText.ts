/**
 * The mechanism's data-treatment policy (Ley 1581 de 2012, Decreto 1377 de 2013), version 2026-01, in
 * plain Spanish with its English translation. Loaded into `data_policies` by the seed; a later version
 * is a new row, never an edit of this one.
 */

/** A versioned policy text ready to insert. */
export interface DataPolicyText {
  version: string;
  text: { es: string; en: string };
  /** A short plain version (a few sentences) read and heard before the full text; the full text still binds. */
  summary?: { es: string; en: string };
}

/** Version 2026-01. */
export const DATA_POLICY_2026_01: DataPolicyText = {
  version: '2026-01',
  text: {
    es: [
      'Política de tratamiento de datos personales del mecanismo de quejas (versión 2026-01)',
      'Quién cuida sus datos. El mecanismo de quejas entre comunidades y empresas mineras del Cesar, con la Defensoría del Pueblo como responsable de la custodia de la identidad de quienes presentan quejas. Esta política cumple la Ley 1581 de 2012 y el Decreto 1377 de 2013.',
      'Qué datos pedimos. Lo que usted cuente sobre lo que pasó, el lugar y la fecha, los archivos que adjunte y, si no elige una queja anónima, su nombre y la forma de contactarle (cédula, celular, correo). Las preguntas sobre grupo étnico, género, edad y discapacidad son voluntarias: puede dejarlas en blanco sin que cambie en nada el trámite.',
      'Para qué los usamos. Solo para tramitar su queja: revisarla, enviarla a la empresa que corresponde, buscar un acuerdo, avisarle cómo va y, sin nombres, preparar estadísticas públicas del mecanismo. No vendemos ni prestamos sus datos, y no los usamos para otra cosa.',
      'Quién puede ver qué. Si elige «con nombre», la empresa sabe quién se queja, pero no ve su cédula ni sus datos de contacto. Si elige «reservada», solo la Defensoría del Pueblo sabe quién es usted; la empresa ve «Peticionario reservado». Si elige «anónima», no pedimos su nombre: recibirá una referencia y una clave para seguir el caso. Cada vez que alguien de la Defensoría mira una identidad protegida, queda registrado. Las respuestas sobre grupo étnico, género, edad y discapacidad nunca se muestran a las empresas.',
      'Datos sensibles. Algunos datos, como el grupo étnico, la salud o la discapacidad, son sensibles según la ley. Usted no está obligado a darlos. Si los da, los usamos solo para estadísticas sin nombres.',
      'Cómo los protegemos. La identidad, los datos de contacto y las respuestas voluntarias se guardan cifrados. Los archivos se guardan fuera del sitio web y solo los descargan las personas que pueden ver el caso.',
      'Sus derechos. Usted puede conocer, actualizar y corregir sus datos, pedir prueba de esta autorización, saber cómo se han usado, retirar la autorización o pedir que se borren cuando no haya un deber legal de conservarlos, y quejarse ante la Superintendencia de Industria y Comercio. Para ejercerlos, escriba en su caso o pídalo a la Defensoría del Pueblo; le responderemos en los plazos de la ley (10 días hábiles para consultas y 15 para reclamos).',
      'Cuánto tiempo los guardamos. Mientras el caso esté abierto y luego el tiempo que exijan las normas de archivo de las entidades públicas.',
      'Presentar una queja aquí nunca le quita el derecho de acudir a un juez o a otra entidad.',
    ].join('\n\n'),
    en: [
      'Personal data policy of the grievance mechanism (version 2026-01)',
      'Who looks after your data. The grievance mechanism between communities and mining companies in Cesar, with the Ombudsman’s Office (Defensoría del Pueblo) as custodian of the identity of people who complain. This policy follows Colombian Law 1581 of 2012 and Decree 1377 of 2013.',
      'What we ask for. What you tell us about what happened, the place and the date, the files you attach and, unless you choose an anonymous complaint, your name and how to reach you (ID number, mobile, e-mail). The questions about ethnic group, gender, age and disability are voluntary: you may leave them blank and nothing changes in how your complaint is handled.',
      'What we use it for. Only to handle your complaint: review it, send it to the right company, seek an agreement, tell you how it is going and, without names, prepare public statistics about the mechanism. We do not sell or lend your data, and we use it for nothing else.',
      'Who can see what. If you choose “named”, the company knows who complains, but does not see your ID number or contact details. If you choose “confidential”, only the Ombudsman’s Office knows who you are; the company sees “Reserved complainant”. If you choose “anonymous”, we do not ask your name: you get a reference and a key to follow the case. Each time someone at the Ombudsman’s Office looks at a protected identity, it is recorded. Answers about ethnic group, gender, age and disability are never shown to companies.',
      'Sensitive data. Some data, such as ethnic group, health or disability, are sensitive under the law. You do not have to give them. If you do, we use them only for statistics without names.',
      'How we protect it. Identity, contact details and voluntary answers are stored encrypted. Files are stored outside the website and can only be downloaded by people allowed to see the case.',
      'Your rights. You may know, update and correct your data, ask for proof of this authorisation, know how it has been used, withdraw the authorisation or ask for it to be deleted when there is no legal duty to keep it, and complain to the Superintendence of Industry and Commerce. To exercise them, write in your case or ask the Ombudsman’s Office; we answer within the legal terms (10 business days for questions and 15 for claims).',
      'How long we keep it. While the case is open, and then for as long as the archive rules of public bodies require.',
      'Filing a complaint here never takes away your right to go to a judge or another authority.',
    ].join('\n\n'),
  },
  summary: {
    es: [
      'Usamos sus datos solo para tramitar su queja, y sin nombres para las cifras públicas. No los vendemos ni los prestamos.',
      'Usted elige quién sabe su nombre: con nombre lo sabe la empresa; reservada, solo la Defensoría; anónima, nadie.',
      'Su identidad y sus datos de contacto se guardan cifrados. Las preguntas sobre grupo étnico, género, edad y discapacidad son voluntarias.',
      'Puede pedir ver, corregir o borrar sus datos, y quejarse ante la Superintendencia de Industria y Comercio (Ley 1581 de 2012).',
    ].join(' '),
    en: [
      'We use your data only to handle your complaint, and without names for public figures. We do not sell or lend it.',
      'You choose who knows your name: named, the company knows it; confidential, only the Ombudsman’s Office; anonymous, nobody.',
      'Your identity and contact details are stored encrypted. The questions about ethnic group, gender, age and disability are voluntary.',
      'You may ask to see, correct or erase your data, and complain to the Superintendency of Industry and Commerce (Law 1581 of 2012).',
    ].join(' '),
  },
};
