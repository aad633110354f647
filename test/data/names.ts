/** Word lists for Sunbird-looking values. Fictional; any resemblance to real people is chance. */

export const FIRST_NAMES = ["Aarav", "Priya", "Rahul", "Ananya", "Vikram", "Lakshmi", "Arjun", "Meera", "Karthik", "Divya", "Suresh", "Fatima", "Joseph", "Kavya", "Ravi", "Sneha"] as const;
export const LAST_NAMES = ["Sharma", "Iyer", "Reddy", "Nair", "Gupta", "Das", "Singh", "Khan", "Patil", "Menon", "Rao", "D'Souza"] as const;

export const LOCATIONS = [
  { state: "Tamil Nadu", districts: ["Chennai", "Madurai", "Salem"] },
  { state: "Karnataka", districts: ["Bengaluru Urban", "Mysuru"] },
  { state: "Andhra Pradesh", districts: ["Guntur", "Krishna", "Chittoor"] },
] as const;
export const BLOCKS = ["Block A", "Block B", "Perambur", "Anekal", "Tenali"] as const;
export const CLUSTERS = ["Cluster 1", "Cluster 2", "Cluster 3"] as const;
export const SCHOOLS = ["Govt. Higher Secondary School", "Panchayat Union Middle School", "Kendriya Vidyalaya", "Zilla Parishad High School"] as const;

export const BOARDS = ["CBSE", "State (Tamil Nadu)", "ICSE", "State (Karnataka)"] as const;
export const USER_TYPES = ["teacher", "student", "administrator", "administrator,teacher", "parent", "other"] as const;
export const USER_SUB_TYPES = ["", "hm", "crp", "deo", "hm,crp", "brc"] as const;

export const TOPICS = ["Fractions", "Photosynthesis", "Indian History", "English Grammar", "Algebra Basics", "Water Cycle", "Digital Literacy", "Classroom Management"] as const;
export const ORG_NAMES = ["Tamil Nadu", "Karnataka", "Andhra Pradesh", "Custodian Org"] as const;
