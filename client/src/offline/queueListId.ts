/** The id of the list of complaints on this phone, for links from the layout's badge. */
export const QUEUE_LIST_ID = 'en-este-telefono';
