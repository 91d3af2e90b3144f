"""Following consultations, petitions and agencies, by people and organisations; told in the inbox or by digest."""
